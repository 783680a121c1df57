using System.Text.Json.Nodes;

namespace MeshInfra.Model.Tests.Support;

/// <summary>One generated service: where it runs (cluster indexes), versioned or not.</summary>
internal sealed record CatalogService(string Name, string Namespace, IReadOnlyList<int> Clusters, bool Versioned)
{
    public JsonObject ToJson()
    {
        var service = new JsonObject
        {
            ["name"] = Name,
            ["namespace"] = Namespace,
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["number"] = 8080, ["protocol"] = "HTTP" }),
        };
        if (Versioned)
        {
            service["versions"] = new JsonObject(Clusters.Select((c, i) => KeyValuePair.Create($"v{i + 1}", (JsonNode?)new JsonArray(Catalog.ClusterName(c)))));
        }
        else
        {
            service["clusters"] = new JsonArray(Clusters.Select(c => (JsonNode)Catalog.ClusterName(c)).ToArray());
        }

        return service;
    }

    public override string ToString() => $"{Name}.{Namespace}@[{string.Join(",", Clusters)}]{(Versioned ? "v" : "")}";
}
