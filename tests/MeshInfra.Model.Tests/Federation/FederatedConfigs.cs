namespace MeshInfra.Model.Tests.Federation;

/// <summary>A three-cluster mesh with region labels, and federated objects to place in it.</summary>
internal static class FederatedConfigs
{
    public static string Mesh(string federated) => $$"""
    {
      "meshId": "fed",
      "clusters": [
        { "name": "west-a", "context": "ctx-wa", "network": "n1", "labels": { "region": "us-west1" } },
        { "name": "west-b", "context": "ctx-wb", "network": "n2", "labels": { "region": "us-west1" } },
        { "name": "east", "context": "ctx-e", "network": "n3", "labels": { "region": "us-east1" } }
      ],
      "federated": {{federated}}
    }
    """;

    public const string StrictMtls = """
      [ { "kind": "PeerAuthentication", "name": "mesh-strict", "namespace": "istio-system", "placement": "all",
          "spec": { "mtls": { "mode": "STRICT" } } } ]
    """;

    public const string RegionalGateway = """
      [ { "kind": "Gateway", "name": "public", "namespace": "istio-system",
          "placement": { "labels": { "region": "us-west1" } },
          "labels": { "team": "edge" },
          "spec": { "selector": { "istio": "ingressgateway" },
                    "servers": [ { "port": { "number": 80, "name": "http", "protocol": "HTTP" }, "hosts": [ "shop.example.com" ] } ] },
          "overrides": { "west-b": { "spec.servers[0].hosts[0]": "shop-b.example.com" } } } ]
    """;
}
