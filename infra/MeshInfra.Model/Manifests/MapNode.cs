using System.Collections.Immutable;

namespace MeshInfra.Model.Manifests;

/// <summary>
/// An ordered map. Order is part of the value: builders emit keys in the order Kubernetes
/// users expect to read them (apiVersion, kind, metadata, spec), and renders are byte-identical.
/// </summary>
public sealed record MapNode : ManifestNode
{
    public static readonly MapNode Empty = new(ImmutableArray<MapEntry>.Empty);

    public MapNode(ImmutableArray<MapEntry> entries)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!seen.Add(entry.Key))
            {
                throw new ArgumentException($"Duplicate key '{entry.Key}' in a manifest map.", nameof(entries));
            }
        }

        Entries = entries;
    }

    public ImmutableArray<MapEntry> Entries { get; }

    public int Count => Entries.Length;

    public ManifestNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key)?.Value;

    /// <summary>Builds a map, dropping entries whose value is null so optional fields stay absent.</summary>
    public static MapNode Of(params (string Key, ManifestNode? Value)[] entries) =>
        new(entries.Where(e => e.Value is not null).Select(e => new MapEntry(e.Key, e.Value!)).ToImmutableArray());

    /// <summary>A map of strings in ordinal key order (labels, selectors, data), for stable output.</summary>
    public static MapNode OfStrings(IEnumerable<KeyValuePair<string, string>> pairs) =>
        new(pairs.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new MapEntry(p.Key, new ScalarNode(p.Value)))
            .ToImmutableArray());

    /// <summary>Looks up a nested value by dotted path segments, or null when absent.</summary>
    public ManifestNode? At(params string[] path)
    {
        ManifestNode? current = this;
        foreach (var segment in path)
        {
            current = (current as MapNode)?[segment];
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    public bool Equals(MapNode? other) => other is not null && Entries.SequenceEqual(other.Entries);

    public override int GetHashCode() => Entries.Aggregate(0, (h, e) => HashCode.Combine(h, e));
}
