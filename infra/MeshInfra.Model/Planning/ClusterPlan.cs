using System.Collections.Immutable;
using MeshInfra.Model.Config;

namespace MeshInfra.Model.Planning;

/// <summary>Everything one cluster gets, in apply order.</summary>
public sealed record ClusterPlan(ClusterSpec Cluster, ImmutableArray<PlannedResource> Resources)
{
    public IEnumerable<PlannedObject> Objects => Resources.OfType<PlannedObject>();

    public IEnumerable<PlannedRelease> Releases => Resources.OfType<PlannedRelease>();

    public PlannedDnsChange? Dns => Resources.OfType<PlannedDnsChange>().SingleOrDefault();
}
