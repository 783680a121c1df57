using System.Collections.Immutable;
using System.Text.Json;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Live;

/// <summary>
/// One page of a list answer: its items as manifest trees, each with apiVersion and kind set (the
/// API server leaves them out of list items, kubectl get -o json puts them back), and without
/// managedFields (bookkeeping no check reads, often the largest part of an object).
/// </summary>
internal static class ListPage
{
    /// <returns>The continue token of the next page, or null on the last page.</returns>
    public static string? Read(byte[] body, ResourceKind kind, ImmutableArray<MapNode>.Builder into)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        if (root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                into.Add(Item(item, kind));
            }
        }

        return root.TryGetProperty("metadata", out var meta)
            && meta.TryGetProperty("continue", out var next)
            && next.ValueKind == JsonValueKind.String
            && next.GetString() is { Length: > 0 } token
            ? token
            : null;
    }

    internal static MapNode Item(JsonElement item, ResourceKind kind)
    {
        var entries = new List<MapEntry>
        {
            new("apiVersion", new ScalarNode(kind.ApiVersion)),
            new("kind", new ScalarNode(kind.Kind)),
        };
        foreach (var property in item.EnumerateObject())
        {
            if (property.NameEquals("apiVersion") || property.NameEquals("kind"))
            {
                continue;
            }

            var value = property.NameEquals("metadata") && property.Value.ValueKind == JsonValueKind.Object
                ? Metadata(property.Value)
                : ManifestJson.FromJson(property.Value);
            if (value is not null)
            {
                entries.Add(new MapEntry(property.Name, value));
            }
        }

        return new MapNode([.. entries]);
    }

    private static MapNode Metadata(JsonElement metadata) => new([.. metadata.EnumerateObject()
        .Where(p => !p.NameEquals("managedFields"))
        .Select(p => (p.Name, Value: ManifestJson.FromJson(p.Value)))
        .Where(p => p.Value is not null)
        .Select(p => new MapEntry(p.Name, p.Value!))]);
}
