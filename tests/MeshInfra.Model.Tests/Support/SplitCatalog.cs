using System.Text.Json.Nodes;

namespace MeshInfra.Model.Tests.Support;

/// <summary>A generated catalog plus services split by weight over versions side by side in one cluster.</summary>
internal sealed record SplitCatalog(Catalog Catalog, IReadOnlyList<SplitService> Splits)
{
    public string ToJson()
    {
        var json = JsonNode.Parse(Catalog.ToJson())!.AsObject();
        var services = json["services"]!.AsArray();
        foreach (var split in Splits)
        {
            services.Add(split.ToJson());
        }

        json["routes"] = new JsonArray([.. Splits.Select(s => (JsonNode)s.RouteJson())]);
        return json.ToJsonString();
    }

    public override string ToString() => $"{Catalog}; splits: {string.Join("; ", Splits)}";
}
