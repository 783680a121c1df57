using System.Collections.Immutable;

namespace MeshInfra.Model.Planning;

/// <summary>
/// What a config change does, decided from two plans with no cluster: the resources added, changed
/// (field by field) and removed, grouped by scope (the mesh, then each cluster in the new plan's
/// order, then clusters that are gone), added and changed ones in the new plan's apply order, then
/// the removed ones in reverse of the old apply order (the deploy deletes dependents first). A patch
/// of an object MeshInfra does not own is a change to that object, said as such (<see cref="ObjectPatches"/>).
/// </summary>
public sealed record PlanDiff(ImmutableArray<ResourceChange> Changes)
{
    public bool IsEmpty => Changes.IsEmpty;

    /// <summary>What each cluster that leaves the mesh loses and keeps, in the old plan's order.</summary>
    public ImmutableArray<KeyValuePair<string, RemovalEffects>> RemovedClusters { get; init; } = [];

    public int Count(ChangeKind kind) => Changes.Count(c => c.Kind == kind);

    public static PlanDiff Between(MeshPlan before, MeshPlan after)
    {
        var old = before.AllResources.ToDictionary(r => r.Id);
        var current = after.AllResources.ToDictionary(r => r.Id);
        var scopes = new List<string> { ResourceId.MeshScope };
        scopes.AddRange(after.Clusters.Select(c => c.Cluster.Name));
        scopes.AddRange(before.Clusters.Select(c => c.Cluster.Name).Where(c => !scopes.Contains(c)));
        var rank = scopes.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);

        var changes = new List<ResourceChange>();
        for (var step = 0; step < after.ApplyOrder.Length; step++)
        {
            var id = after.ApplyOrder[step];
            var resource = current[id];
            if (!old.TryGetValue(id, out var previous))
            {
                changes.Add(resource is PlannedObject { IsPatch: true } patch
                    ? new ResourceChange(ChangeKind.Patched, id, ObjectPatches.Describe(patch), step + 1, ObjectPatches.Fields(patch))
                    : new ResourceChange(ChangeKind.Added, id, resource.Describe(), step + 1, []));
            }
            else if (Fields(previous, resource) is { IsEmpty: false } fields)
            {
                changes.Add(new ResourceChange(ChangeKind.Changed, id, resource.Describe(), step + 1, fields));
            }
        }

        foreach (var id in before.ApplyOrder.Reverse().Where(id => !current.ContainsKey(id)))
        {
            var description = old[id] switch
            {
                PlannedRelease { RetainOnDelete: true } retained => $"{retained.Describe()}, retained: not uninstalled, its CRDs stay",
                PlannedObject { IsPatch: true } patch => ObjectPatches.DescribeDropped(patch),
                var other => other.Describe(),
            };
            changes.Add(new ResourceChange(ChangeKind.Removed, id, description, null, []));
        }

        // Stable: within a scope, adds and changes keep apply order and removals follow.
        var leaving = before.Clusters.Where(c => after.Clusters.All(a => a.Cluster.Name != c.Cluster.Name))
            .Select(c => KeyValuePair.Create(c.Cluster.Name, ClusterRemoval.Of(c)));
        return new PlanDiff([.. changes.OrderBy(c => rank[c.Id.Scope]).ThenBy(c => c.Kind == ChangeKind.Removed)]) { RemovedClusters = [.. leaving] };
    }

    private static ImmutableArray<FieldChange> Fields(PlannedResource before, PlannedResource after) =>
        ManifestDiff.Between(ResourceTree.Of(before), ResourceTree.Of(after));
}
