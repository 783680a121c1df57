using System.Text.Json.Nodes;

namespace MeshInfra.Model.Tests.Support;

/// <summary>
/// A generated service whose versions all run in one cluster (v1 perhaps also in a second one), with
/// a route over them for every cluster's clients: an optional header rule, then a default rule, each
/// splitting by uneven weights. Two versions side by side in one cluster is what tells a subset from
/// the whole Service: without subsets, traffic spreads evenly over the versions' pods.
/// </summary>
internal sealed record SplitService(string Name, string Namespace, int Cluster, int? AlsoV1In, int Versions, IReadOnlyList<int>? HeaderWeights, IReadOnlyList<int> DefaultWeights)
{
    public const string Header = "x-tier";

    public const string HeaderValue = "gold";

    public static string Version(int index) => $"v{index + 1}";

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["namespace"] = Namespace,
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["number"] = 8080, ["protocol"] = "HTTP" }),
        ["versions"] = new JsonObject(Enumerable.Range(0, Versions).Select(v => KeyValuePair.Create(Version(v), (JsonNode?)new JsonArray(
            [.. new[] { Cluster }.Concat(v == 0 && AlsoV1In is { } other ? [other] : []).Select(c => (JsonNode)Catalog.ClusterName(c))])))),
    };

    public JsonObject RouteJson()
    {
        var rules = new JsonArray();
        if (HeaderWeights is not null)
        {
            rules.Add(new JsonObject
            {
                ["match"] = new JsonObject { ["headers"] = new JsonObject { [Header] = new JsonObject { ["exact"] = HeaderValue } } },
                ["route"] = Targets(HeaderWeights),
            });
        }

        rules.Add(new JsonObject { ["route"] = Targets(DefaultWeights) });
        return new JsonObject { ["service"] = Name, ["namespace"] = Namespace, ["http"] = rules };
    }

    private static JsonArray Targets(IReadOnlyList<int> weights) =>
        [.. weights.Select((w, v) => (JsonNode)new JsonObject { ["version"] = Version(v), ["weight"] = w })];

    public override string ToString() =>
        $"{Name}.{Namespace}@c{Cluster}{(AlsoV1In is { } o ? $"+v1@c{o}" : "")} {(HeaderWeights is null ? "" : $"[{Header}: {string.Join("/", HeaderWeights)}] ")}{string.Join("/", DefaultWeights)}";
}
