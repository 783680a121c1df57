using System.Collections.Immutable;
using System.Globalization;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Planning;

/// <summary>
/// Compares two resource trees field by field, and lists as Kubernetes merges them: by the identity of
/// each item, so one added item is one added item, however many others follow it. Ports by number,
/// subsets, containers and env by name, ServiceEntry endpoints by address and labels, a route's
/// destinations by host and subset, lists of plain values (hosts, exportTo) as sets. Only where order
/// decides the outcome (a VirtualService's http, tcp and tls rules, first match wins) are items
/// compared by position, and each such change says so.
/// </summary>
public static class ManifestDiff
{
    /// <summary>The note on a change inside a list compared by position because its order matters.</summary>
    public const string RulesInOrder = "rules match in order: compared by position";

    /// <summary>The note on a change inside a list of items with no identity of their own.</summary>
    public const string ByPosition = "items have no name: compared by position";

    /// <summary>The note on a list of plain values that holds the same values in another order.</summary>
    public const string OrderChanged = "the same values in another order";

    public static ImmutableArray<FieldChange> Between(ManifestNode before, ManifestNode after)
    {
        var changes = ImmutableArray.CreateBuilder<FieldChange>();
        Compare(before, after, string.Empty, null, changes);
        return changes.ToImmutable();
    }

    private static void Compare(ManifestNode? before, ManifestNode? after, string path, string? note, ImmutableArray<FieldChange>.Builder into)
    {
        switch (before, after)
        {
            case (null, null):
                return;
            case (null, { } added):
                into.AddRange(ResourceTree.Leaves(added).Select(l => new FieldChange(Join(path, l.Path), null, l.Value, note)));
                return;
            case ({ } removed, null):
                into.AddRange(ResourceTree.Leaves(removed).Select(l => new FieldChange(Join(path, l.Path), l.Value, null, note)));
                return;
            case (MapNode { Count: > 0 } was, MapNode { Count: > 0 } now):
                CompareMaps(was, now, path, note, into);
                return;
            case (ListNode was, ListNode now) when !(was.Items.IsEmpty && now.Items.IsEmpty):
                CompareLists(was, now, path, note, into);
                return;
            case (MapNode or ListNode, _) or (_, MapNode or ListNode):
                if (!before.Equals(after))
                {
                    Compare(before, null, path, note, into);
                    Compare(null, after, path, note, into);
                }

                return;
            default:
                var (old, current) = (ResourceTree.Text(before), ResourceTree.Text(after));
                if (old != current)
                {
                    into.Add(new FieldChange(path, old, current, note));
                }

                return;
        }
    }

    private static void CompareMaps(MapNode before, MapNode after, string path, string? note, ImmutableArray<FieldChange>.Builder into)
    {
        foreach (var entry in after.Entries)
        {
            Compare(before[entry.Key], entry.Value, Join(path, ResourceTree.Key(entry.Key)), note, into);
        }

        foreach (var entry in before.Entries.Where(e => after[e.Key] is null))
        {
            Compare(entry.Value, null, Join(path, ResourceTree.Key(entry.Key)), note, into);
        }
    }

    private static void CompareLists(ListNode before, ListNode after, string path, string? note, ImmutableArray<FieldChange>.Builder into)
    {
        if (before.Items.Concat(after.Items).All(i => i is ScalarNode or DeferredNode))
        {
            CompareSets(before, after, path, note, into);
            return;
        }

        var listKey = LastKey(path);
        var identity = Identity(listKey);
        var oldKeys = identity is null ? null : Keys(before, identity);
        var newKeys = identity is null ? null : Keys(after, identity);
        if (oldKeys is null || newKeys is null)
        {
            ComparePositions(before, after, path, note ?? (listKey is "http" or "tcp" or "tls" ? RulesInOrder : ByPosition), into);
            return;
        }

        var oldByKey = oldKeys.Zip(before.Items).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        var newKeySet = newKeys.ToHashSet(StringComparer.Ordinal);
        foreach (var (key, item) in newKeys.Zip(after.Items))
        {
            var at = $"{path}[{key}]";
            if (oldByKey.TryGetValue(key, out var was))
            {
                Compare(was, item, at, note, into);
            }
            else
            {
                into.Add(new FieldChange(at, null, ResourceTree.Text(item), note));
            }
        }

        foreach (var (key, item) in oldKeys.Zip(before.Items).Where(p => !newKeySet.Contains(p.First)))
        {
            into.Add(new FieldChange($"{path}[{key}]", ResourceTree.Text(item), null, note));
        }
    }

    private static void ComparePositions(ListNode before, ListNode after, string path, string note, ImmutableArray<FieldChange>.Builder into)
    {
        for (var i = 0; i < Math.Max(before.Items.Length, after.Items.Length); i++)
        {
            var at = $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (i >= before.Items.Length)
            {
                into.Add(new FieldChange(at, null, ResourceTree.Text(after.Items[i]), note));
            }
            else if (i >= after.Items.Length)
            {
                into.Add(new FieldChange(at, ResourceTree.Text(before.Items[i]), null, note));
            }
            else
            {
                Compare(before.Items[i], after.Items[i], at, note, into);
            }
        }
    }

    /// <summary>
    /// Plain values (hosts, exportTo, SANs) as a set: each added or removed value once, at its index. A
    /// list holding the same values in another order is one change of the whole list, said so: for some
    /// lists (container args) the order is the meaning.
    /// </summary>
    private static void CompareSets(ListNode before, ListNode after, string path, string? note, ImmutableArray<FieldChange>.Builder into)
    {
        var old = before.Items.Select(ResourceTree.Text).ToList();
        var current = after.Items.Select(ResourceTree.Text).ToList();
        var unmatched = old.ToList();
        var added = new List<(int Index, string Value)>();
        for (var i = 0; i < current.Count; i++)
        {
            if (!unmatched.Remove(current[i]))
            {
                added.Add((i, current[i]));
            }
        }

        var remaining = unmatched.ToList();
        var removed = new List<(int Index, string Value)>();
        for (var i = 0; i < old.Count; i++)
        {
            if (remaining.Remove(old[i]))
            {
                removed.Add((i, old[i]));
            }
        }

        if (added.Count == 0 && removed.Count == 0)
        {
            if (!old.SequenceEqual(current, StringComparer.Ordinal))
            {
                into.Add(new FieldChange(path, ResourceTree.Text(before), ResourceTree.Text(after), note ?? OrderChanged));
            }

            return;
        }

        into.AddRange(added.Select(a => new FieldChange($"{path}[{a.Index.ToString(CultureInfo.InvariantCulture)}]", null, a.Value, note)));
        into.AddRange(removed.Select(r => new FieldChange($"{path}[{r.Index.ToString(CultureInfo.InvariantCulture)}]", r.Value, null, note)));
    }

    /// <summary>How the items of the list under <paramref name="listKey"/> are told apart, or null to compare by position.</summary>
    private static Func<MapNode, string?>? Identity(string listKey) => listKey switch
    {
        // Istio's ports carry `number`, a Service's `port` (its merge key), a container's `containerPort`.
        "ports" => m => Fields(m, "number") ?? Fields(m, "port") ?? Fields(m, "containerPort"),
        // A ServiceEntry endpoint is its address and labels (cluster, version): the same gateway address
        // serves several clusters' versions, and a cluster's endpoint keeps its identity when others go.
        "endpoints" => m => Fields(m, "address") is { } address
            ? string.Join(",", [address, .. (m["labels"] as MapNode)?.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={Plain(e.Value)}") ?? []])
            : null,
        // A weighted route's destinations: the weights split traffic whatever their order.
        "route" => m => m["destination"] is MapNode d && Plain(d["host"]) is { } host
            ? string.Join(",", new[] { $"host={host}", Plain(d["subset"]) is { } s ? $"subset={s}" : null, (d["port"] as MapNode)?["number"] is { } p ? $"port={Plain(p)}" : null }.OfType<string>())
            : null,
        // A Gateway's servers and a policy's port settings are each for one port.
        "servers" or "portLevelSettings" => m => m["port"] is MapNode port && Plain(port["number"]) is { } number ? $"port={number}" : null,
        "http" or "tcp" or "tls" => null,
        _ => m => Fields(m, "name"),
    };

    private static string? Fields(MapNode item, string key) => Plain(item[key]) is { } value ? $"{key}={value}" : null;

    private static string? Plain(ManifestNode? node) => node switch
    {
        ScalarNode { Value: string s } => s,
        ScalarNode or DeferredNode => ResourceTree.Text(node),
        _ => null,
    };

    /// <summary>Each item's identity, or null when an item has none or two share one (then only position tells them apart).</summary>
    private static List<string>? Keys(ListNode list, Func<MapNode, string?> identity)
    {
        var keys = new List<string>();
        foreach (var item in list.Items)
        {
            if (item is not MapNode map || identity(map) is not { } key || keys.Contains(key, StringComparer.Ordinal))
            {
                return null;
            }

            keys.Add(key);
        }

        return keys;
    }

    private static string LastKey(string path)
    {
        var end = path.EndsWith(']') ? path.LastIndexOf('[') : path.Length;
        var trimmed = path[..end];
        var dot = trimmed.LastIndexOf('.');
        return (dot < 0 ? trimmed : trimmed[(dot + 1)..]).Trim('"');
    }

    private static string Join(string path, string child) =>
        path.Length == 0 ? child : child.Length == 0 ? path : child.StartsWith('[') ? path + child : $"{path}.{child}";
}
