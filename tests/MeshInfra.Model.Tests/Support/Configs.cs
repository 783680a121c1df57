using System.Text.Json;
using System.Text.Json.Nodes;
using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Tests.Support;

/// <summary>Stack configs the tests share, as the JSON the Pulumi engine hands the program.</summary>
internal static class Configs
{
    /// <summary>Both seed scenarios: sleep to httpbin, and Bookinfo split with the jason route.</summary>
    public const string Seed = """
    {
      "meshId": "mesh1",
      "clusters": [
        { "name": "cluster1", "context": "kind-cluster1", "network": "network1", "ingressGateway": true },
        { "name": "cluster2", "context": "kind-cluster2", "network": "network2" }
      ],
      "samples": {
        "sleep": { "cluster": "cluster1", "namespace": "foo" },
        "httpbin": { "cluster": "cluster2", "namespace": "bar" },
        "bookinfo": {
          "namespace": "default",
          "productpage": "cluster1", "details": "cluster1", "ratings": "cluster2",
          "reviews": { "v1": "cluster1", "v2": "cluster2", "v3": "cluster2" }
        }
      },
      "routes": [
        {
          "service": "reviews", "namespace": "default", "clients": ["cluster1"],
          "http": [
            { "match": { "headers": { "end-user": { "exact": "jason" } } },
              "route": [ { "version": "v2", "weight": 50 }, { "version": "v3", "weight": 50 } ] },
            { "route": [ { "version": "v1" } ] }
          ]
        }
      ]
    }
    """;

    /// <summary>The seed with an ingress gateway in cluster2 as well as in cluster1.</summary>
    public static readonly string BothIngresses = Seed.Replace(
        """{ "name": "cluster2", "context": "kind-cluster2", "network": "network2" }""",
        """{ "name": "cluster2", "context": "kind-cluster2", "network": "network2", "ingressGateway": true }""",
        StringComparison.Ordinal);

    /// <summary>Three clusters, each exporting one service, in every gateway address mode.</summary>
    public const string ThreeClusters = """
    {
      "meshId": "prod",
      "mtls": "STRICT",
      "clusters": [
        { "name": "east", "context": "gke-east", "network": "net-east" },
        { "name": "west", "context": "eks-west", "network": "net-west", "gateway": { "addressMode": "loadBalancer" } },
        { "name": "edge", "context": "onprem-edge", "network": "net-edge", "gateway": { "addressMode": "nodePort", "nodeAddress": "192.0.2.10" } }
      ],
      "services": [
        { "name": "cart", "namespace": "shop", "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" } ], "clusters": ["east"] },
        { "name": "pay", "namespace": "shop", "ports": [ { "name": "grpc", "number": 9090, "protocol": "GRPC" } ], "clusters": ["west"] },
        { "name": "stock", "namespace": "inv", "ports": [ { "name": "tcp", "number": 5432, "protocol": "TCP" } ], "clusters": ["edge"] }
      ]
    }
    """;

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static MeshSpec Spec(string json) => MeshConfigParser.Parse(Json(json));

    public static MeshPlan Plan(string json) => MeshPlanner.Plan(Spec(json));

    /// <summary>Errors (as "path: message" lines) for a config edited from <paramref name="baseJson"/>.</summary>
    public static IReadOnlyList<string> Errors(string baseJson, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(baseJson)!.AsObject();
        edit(node);
        var (_, errors) = MeshConfigParser.TryParse(Json(node.ToJsonString()));
        return errors.Select(e => e.ToString()).ToList();
    }

    public static IReadOnlyList<string> Errors(string json) =>
        MeshConfigParser.TryParse(Json(json)).Errors.Select(e => e.ToString()).ToList();
}
