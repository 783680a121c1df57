namespace MeshInfra.Tests;

/// <summary>Mesh configs and cluster facts for the engine tests.</summary>
internal static class Configs
{
    public const string Seed = """
    {
      "meshId": "mesh1",
      "clusters": [
        { "name": "cluster1", "context": "kind-cluster1", "network": "network1", "ingressGateway": true },
        { "name": "cluster2", "context": "kind-cluster2", "network": "network2", "kubeconfig": "/home/me/.kube/other" }
      ],
      "samples": {
        "sleep": { "cluster": "cluster1", "namespace": "foo" },
        "httpbin": { "cluster": "cluster2", "namespace": "bar" },
        "bookinfo": true
      },
      "routes": [
        { "service": "reviews", "namespace": "default", "clients": ["cluster1"],
          "http": [
            { "match": { "headers": { "end-user": { "exact": "jason" } } },
              "route": [ { "version": "v2", "weight": 50 }, { "version": "v3", "weight": 50 } ] },
            { "route": [ { "version": "v1" } ] } ] }
      ]
    }
    """;

    /// <summary>Three clusters: an IP load balancer, an AWS hostname, and a NodePort behind a node address.</summary>
    public const string ThreeModes = """
    {
      "meshId": "prod",
      "clusters": [
        { "name": "gke", "context": "gke-ctx", "network": "n1" },
        { "name": "eks", "context": "eks-ctx", "network": "n2" },
        { "name": "onprem", "context": "onprem-ctx", "network": "n3", "dns": "coredns-custom",
          "gateway": { "addressMode": "nodePort", "nodeAddress": "198.51.100.20" } }
      ],
      "services": [
        { "name": "pay", "namespace": "shop", "ports": [ { "name": "grpc", "number": 9090, "protocol": "GRPC" } ], "clusters": ["eks"] },
        { "name": "stock", "namespace": "inv", "ports": [ { "name": "tcp", "number": 5432, "protocol": "TCP" } ], "clusters": ["onprem"] }
      ]
    }
    """;

    public static readonly IReadOnlyDictionary<string, ClusterFacts> SeedFacts = new Dictionary<string, ClusterFacts>
    {
        ["cluster1"] = new(LoadBalancerIp: "203.0.113.10", ClusterIp: "10.96.0.10"),
        ["cluster2"] = new(LoadBalancerIp: "203.0.113.20", ClusterIp: "10.96.0.20"),
    };

    /// <summary>The seed mesh with <c>endpointResolution: static</c>: each cluster dials its own gateway by its ClusterIP.</summary>
    public static readonly string StaticSeed = Seed.Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"endpointResolution\": \"static\",", StringComparison.Ordinal);

    public static readonly IReadOnlyDictionary<string, ClusterFacts> ThreeModesFacts = new Dictionary<string, ClusterFacts>
    {
        ["gke"] = new(LoadBalancerIp: "203.0.113.30"),
        ["eks"] = new(LoadBalancerHostname: "a1b2c3.elb.us-east-1.amazonaws.com"),
        ["onprem"] = new(NodePort: 30443),
    };
}
