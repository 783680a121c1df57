using System.Text.Json.Nodes;

namespace MeshInfra.Model.Tests.Support;

/// <summary>A random but valid mesh: cluster count and services with their placements.</summary>
internal sealed record Catalog(int Clusters, IReadOnlyList<CatalogService> Services)
{
    public static string ClusterName(int i) => $"c{i}";

    public string ToJson(Func<IReadOnlyList<CatalogService>, IEnumerable<CatalogService>>? order = null)
    {
        var clusters = new JsonArray(Enumerable.Range(0, Clusters).Select(i => (JsonNode)new JsonObject
        {
            ["name"] = ClusterName(i),
            ["context"] = $"ctx-{i}",
            ["network"] = $"net{i}",
        }).ToArray());
        var services = new JsonArray((order?.Invoke(Services) ?? Services).Select(s => (JsonNode)s.ToJson()).ToArray());
        return new JsonObject
        {
            ["meshId"] = "prop",
            ["addressPool"] = "240.0.0.0/20",
            ["clusters"] = clusters,
            ["services"] = services,
        }.ToJsonString();
    }

    public Catalog WithClusters(int clusters) => this with { Clusters = clusters };

    public override string ToString() => $"{Clusters} clusters, services: {string.Join("; ", Services)}";
}
