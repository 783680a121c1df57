using System.Collections.Immutable;
using System.Runtime.InteropServices;

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
        // Nearly every map has a handful of keys, and a plan builds hundreds of thousands of them:
        // comparing pairs allocates nothing, where a set per map was a large share of all allocations.
        if (entries.Length <= SmallMap)
        {
            for (var i = 1; i < entries.Length; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (string.Equals(entries[j].Key, entries[i].Key, StringComparison.Ordinal))
                    {
                        throw DuplicateKey(entries[i].Key);
                    }
                }
            }
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (!seen.Add(entry.Key))
                {
                    throw DuplicateKey(entry.Key);
                }
            }
        }

        Entries = entries;
    }

    public ImmutableArray<MapEntry> Entries { get; }

    public int Count => Entries.Length;

    public ManifestNode? this[string key]
    {
        get
        {
            // A plain loop: the traffic model looks keys up some millions of times on a large mesh,
            // and a LINQ lambda allocated a closure on every lookup.
            foreach (var entry in Entries)
            {
                if (string.Equals(entry.Key, key, StringComparison.Ordinal))
                {
                    return entry.Value;
                }
            }

            return null;
        }
    }

    /// <summary>Builds a map, dropping entries whose value is null so optional fields stay absent.</summary>
    public static MapNode Of(params (string Key, ManifestNode? Value)[] entries)
    {
        var count = 0;
        foreach (var entry in entries)
        {
            count += entry.Value is null ? 0 : 1;
        }

        var kept = new MapEntry[count];
        var next = 0;
        foreach (var (key, value) in entries)
        {
            if (value is not null)
            {
                kept[next++] = new MapEntry(key, value);
            }
        }

        // The array is new and never escapes, so it can back the immutable array without a copy.
        return new(ImmutableCollectionsMarshal.AsImmutableArray(kept));
    }

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

    private const int SmallMap = 8;

    private static ArgumentException DuplicateKey(string key) => new($"Duplicate key '{key}' in a manifest map.", "entries");
}
