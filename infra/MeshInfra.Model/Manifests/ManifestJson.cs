using System.Text.Json;
using System.Text.Json.Nodes;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Manifests;

/// <summary>Converts manifest trees to and from System.Text.Json (schema checks, JSON output, documents read back).</summary>
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

    /// <summary>
    /// A JSON value as a manifest tree: objects keep their key order, whole numbers become integers,
    /// and a null (absent in a manifest tree) is left out of its map or list.
    /// </summary>
    public static ManifestNode? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new MapNode([.. element.EnumerateObject()
            .Select(p => (p.Name, Value: FromJson(p.Value)))
            .Where(p => p.Value is not null)
            .Select(p => new MapEntry(p.Name, p.Value!))]),
        JsonValueKind.Array => new ListNode([.. element.EnumerateArray().Select(FromJson).OfType<ManifestNode>()]),
        JsonValueKind.String => new ScalarNode(element.GetString()!),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? new ScalarNode(whole) : new ScalarNode(element.GetDouble()),
        JsonValueKind.True => new ScalarNode(true),
        JsonValueKind.False => new ScalarNode(false),
        _ => null,
    };
}
