using System.Collections.Immutable;
using MeshInfra.Model.Addressing;
using MeshInfra.Model.Config;

namespace MeshInfra.Model.Planning;

/// <summary>
/// The whole deploy, decided without a cluster: shared trust, per-cluster resources in apply
/// order, dependency edges (including cross-cluster ones through deferred values), and the
/// global address table. The Pulumi program and the CLI both consume exactly this.
/// </summary>
public sealed record MeshPlan(
    MeshSpec Spec,
    ImmutableArray<PlannedCertificate> Trust,
    ImmutableArray<ClusterPlan> Clusters,
    ImmutableArray<GlobalHostPlan> GlobalHosts,
    ImmutableArray<DependencyEdge> Edges,
    ImmutableArray<ResourceId> ApplyOrder,
    ImmutableArray<DeferredValue> DeferredValues)
{
    public IEnumerable<PlannedResource> AllResources => Trust.Cast<PlannedResource>().Concat(Clusters.SelectMany(c => c.Resources));

    public ClusterPlan Cluster(string name) => Clusters.First(c => c.Cluster.Name == name);

    public ImmutableSortedDictionary<string, Ipv4Address> AddressTable =>
        GlobalHosts.ToImmutableSortedDictionary(h => h.Host, h => h.Address, StringComparer.Ordinal);

    /// <summary>
    /// The deferred values some planned object holds, in key order: what a render must fill in. The
    /// others in <see cref="DeferredValues"/> (an ingress address no object uses) are settable and shown,
    /// never required.
    /// </summary>
    public ImmutableArray<DeferredValue> DeferredInObjects { get; init; } = [];

    /// <summary>The longest chain of dependency edges, counted in resources (1 = no dependencies).</summary>
    public int Depth { get; init; }
}
