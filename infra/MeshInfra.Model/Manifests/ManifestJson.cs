using System.Text.Json.Nodes;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Manifests;

/// <summary>Converts manifest trees to System.Text.Json nodes (for schema checks and JSON output).</summary>
public static class ManifestJson
{
    /// <param name="node">The tree to convert.</param>
    /// <param name="resolve">Gives the value a deferred node stands for; it must return a string, long or bool.</param>
    public static JsonNode? ToJson(ManifestNode node, Func<DeferredValue, object> resolve) => node switch
    {
        ScalarNode { Value: string s } => JsonValue.Create(s),
        ScalarNode { Value: long l } => JsonValue.Create(l),
        ScalarNode { Value: bool b } => JsonValue.Create(b),
        ScalarNode { Value: double d } => JsonValue.Create(d),
        MapNode map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(e.Key, ToJson(e.Value, resolve)))),
        ListNode list => new JsonArray(list.Items.Select(i => ToJson(i, resolve)).ToArray()),
        DeferredNode deferred => ToJson(new ScalarNode(resolve(deferred.Value)), resolve),
        _ => throw new InvalidOperationException($"Unknown manifest node {node.GetType().Name}."),
    };
}
