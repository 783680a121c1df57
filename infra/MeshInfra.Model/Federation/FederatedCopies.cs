using System.Collections.Immutable;
using MeshInfra.Model.Config;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Federation;

/// <summary>Builds the copy of a federated object that one cluster gets: the shared spec with that cluster's overrides.</summary>
public static class FederatedCopies
{
    public static KubeObject For(FederatedObjectSpec federated, string cluster)
    {
        var (copy, problem) = TryFor(federated, cluster);
        return copy ?? throw new InvalidOperationException($"{federated.Key}: {problem}");
    }

    /// <summary>The copy, or why an override cannot be applied (a missing list element, a field inside a scalar).</summary>
    public static (KubeObject? Copy, string? Problem) TryFor(FederatedObjectSpec federated, string cluster)
    {
        var spec = federated.Spec;
        foreach (var field in federated.Overrides.GetValueOrDefault(cluster, []))
        {
            var (updated, problem) = Set(spec, field.Segments, 0, field.Value);
            if (updated is null)
            {
                return (null, $"overrides.{cluster}[\"{field.Path}\"]: {problem}");
            }

            spec = (MapNode)updated;
        }

        var meta = ObjectMeta.Named(federated.Name, federated.Namespace);
        foreach (var (key, value) in federated.Labels)
        {
            meta = meta.WithLabel(key, value);
        }

        return (new KubeObject(federated.ApiVersion, federated.Kind, meta, MapNode.Of(("spec", spec))), null);
    }

    /// <summary>
    /// Returns a new tree with the value set at the path. Missing map keys are created (an override may
    /// add a field the shared spec leaves out); list indexes must exist, since inventing list
    /// elements would silently change what the list means.
    /// </summary>
    private static (ManifestNode? Node, string? Problem) Set(ManifestNode node, ImmutableArray<object> path, int at, ManifestNode value)
    {
        if (at == path.Length)
        {
            return (value, null);
        }

        switch (node, path[at])
        {
            case (MapNode map, string key):
                var child = map[key] ?? MapNode.Empty;
                if (map[key] is null && at + 1 < path.Length && path[at + 1] is int)
                {
                    return (null, $"'{key}' is not in the shared spec, so it has no element [{path[at + 1]}]");
                }

                var (updated, problem) = Set(child, path, at + 1, value);
                if (updated is null)
                {
                    return (null, problem);
                }

                var entries = map[key] is null
                    ? map.Entries.Add(new MapEntry(key, updated))
                    : map.Entries.Select(e => e.Key == key ? new MapEntry(key, updated) : e).ToImmutableArray();
                return (new MapNode(entries), null);
            case (ListNode list, int index) when index < list.Items.Length:
                var (item, itemProblem) = Set(list.Items[index], path, at + 1, value);
                return item is null ? (null, itemProblem) : (new ListNode(list.Items.SetItem(index, item)), null);
            case (ListNode list, int index):
                return (null, $"the list has {list.Items.Length} element(s), so there is no [{index}]");
            default:
                return (null, $"'{path[at]}' does not fit the shared spec there (a {Describe(node)})");
        }
    }

    private static string Describe(ManifestNode node) => node switch
    {
        MapNode => "map",
        ListNode => "list",
        _ => "single value",
    };

    /// <summary>The clusters, in config order, that get a copy.</summary>
    public static IEnumerable<ClusterSpec> Targets(FederatedObjectSpec federated, IEnumerable<ClusterSpec> clusters) =>
        clusters.Where(federated.Placement.Selects);
}
