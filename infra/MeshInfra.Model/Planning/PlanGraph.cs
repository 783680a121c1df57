using System.Collections.Immutable;

namespace MeshInfra.Model.Planning;

/// <summary>
/// The plan's dependency graph as numbers: edges indexed by resource number, the layered apply order
/// (Kahn's algorithm) and the edges in a stable order. Apart from the planner so its pure graph
/// work reads on its own; resources are numbered by their place in the plan's id list.
/// </summary>
internal static class PlanGraph
{
    /// <summary>
    /// Kahn's algorithm by layers: a resource's layer is one more than its deepest dependency, so
    /// the number of layers is the graph's depth. Within a layer, resources go by cluster order,
    /// then by id, so the order is deterministic and reads cluster by cluster.
    /// </summary>
    /// <param name="clusterIndex">Each cluster's place in the mesh's cluster order.</param>
    /// <param name="ids">Every resource of the plan, by number.</param>
    /// <param name="edges">The plan's edges, each once, as (before, after) numbers.</param>
    /// <returns>The resources' numbers in apply order, and the graph's depth.</returns>
    public static (int[] Order, int Depth) ApplyOrder(Dictionary<string, int> clusterIndex, List<ResourceId> ids, (int Before, int After)[] edges)
    {
        var clusterOf = ids.Select(id => clusterIndex.GetValueOrDefault(id.Scope, -1)).ToArray();

        // Each resource's followers, in edge order, as runs of one array (start[i] to start[i + 1]).
        var indegree = new int[ids.Count];
        var start = new int[ids.Count + 1];
        foreach (var (before, after) in edges)
        {
            start[before + 1]++;
            indegree[after]++;
        }

        for (var i = 0; i < ids.Count; i++)
        {
            start[i + 1] += start[i];
        }

        var next = new int[edges.Length];
        var filled = start[..^1];
        foreach (var (before, after) in edges)
        {
            next[filled[before]++] = after;
        }

        var order = new List<int>(ids.Count);
        var layer = Enumerable.Range(0, ids.Count).Where(i => indegree[i] == 0).ToList();
        var depth = 0;
        while (layer.Count > 0)
        {
            depth++;
            layer.Sort((a, b) =>
            {
                var ca = clusterOf[a];
                var cb = clusterOf[b];
                return ca != cb ? ca.CompareTo(cb) : string.CompareOrdinal(ids[a].Name, ids[b].Name);
            });
            order.AddRange(layer);
            var following = new List<int>();
            foreach (var id in layer)
            {
                for (var e = start[id]; e < start[id + 1]; e++)
                {
                    if (--indegree[next[e]] == 0)
                    {
                        following.Add(next[e]);
                    }
                }
            }

            layer = following;
        }

        if (order.Count != ids.Count)
        {
            throw new InvalidOperationException("The plan's dependency graph has a cycle: " + string.Join(", ", ids.Where((_, i) => indegree[i] > 0).Take(5)));
        }

        return ([.. order], depth);
    }

    /// <summary>Each edge as the numbers of its two resources.</summary>
    /// <exception cref="ArgumentException">Two resources have the same id.</exception>
    /// <exception cref="InvalidOperationException">An edge names a resource the plan does not have.</exception>
    public static (int Before, int After)[] IndexEdges(List<ResourceId> ids, List<DependencyEdge> edges)
    {
        var number = new Dictionary<ResourceId, int>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            number.Add(ids[i], i);
        }

        var pairs = new (int Before, int After)[edges.Count];
        for (var i = 0; i < edges.Count; i++)
        {
            var edge = edges[i];
            if (!number.TryGetValue(edge.Before, out var before) || !number.TryGetValue(edge.After, out var after))
            {
                throw new InvalidOperationException($"Dependency edge {edge.Before} -> {edge.After} names a resource the plan does not have.");
            }

            pairs[i] = (before, after);
        }

        return pairs;
    }

    /// <summary>
    /// The edges by <see cref="DependencyEdge.After"/>, then <see cref="DependencyEdge.Before"/> (id
    /// order), ties in their order here: what a stable OrderBy(After).ThenBy(Before) gives, but each id
    /// is ranked once instead of compared as text some twenty times per edge.
    /// </summary>
    public static ImmutableArray<DependencyEdge> SortEdges(List<ResourceId> ids, List<DependencyEdge> edges, (int Before, int After)[] pairs)
    {
        var byId = Enumerable.Range(0, ids.Count).ToArray();
        Array.Sort(byId, (a, b) => ids[a].CompareTo(ids[b]));
        var rank = new int[ids.Count];
        for (var i = 1; i < byId.Length; i++)
        {
            // Ids that compare equal share a rank, so their edges keep their order as OrderBy's would.
            rank[byId[i]] = ids[byId[i]].CompareTo(ids[byId[i - 1]]) == 0 ? rank[byId[i - 1]] : i;
        }

        var sorted = Enumerable.Range(0, edges.Count).ToArray();
        Array.Sort(sorted, (x, y) =>
        {
            var c = rank[pairs[x].After].CompareTo(rank[pairs[y].After]);
            c = c != 0 ? c : rank[pairs[x].Before].CompareTo(rank[pairs[y].Before]);
            return c != 0 ? c : x.CompareTo(y);
        });
        return [.. sorted.Select(i => edges[i])];
    }
}
