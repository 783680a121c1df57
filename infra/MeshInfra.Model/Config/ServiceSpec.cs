using System.Collections.Immutable;
using MeshInfra.Model.Addressing;

namespace MeshInfra.Model.Config;

/// <summary>A service exported to the whole mesh as <c>name.namespace.globalDomain</c>.</summary>
public sealed record ServiceSpec(
    string Name,
    string Namespace,
    ImmutableArray<ServicePort> Ports,
    ImmutableArray<ServiceInstance> Instances,
    Ipv4Address? PinnedAddress)
{
    public ImmutableArray<string> ServingClusters =>
        Instances.Select(i => i.Cluster).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();

    public bool IsVersioned => Instances.Any(i => i.Version is not null);

    public ImmutableArray<string> Versions =>
        Instances.Where(i => i.Version is not null).Select(i => i.Version!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();

    public ImmutableArray<string> VersionsIn(string cluster) =>
        Instances.Where(i => i.Cluster == cluster && i.Version is not null).Select(i => i.Version!).Order(StringComparer.Ordinal).ToImmutableArray();

    public bool RunsIn(string cluster) => Instances.Any(i => i.Cluster == cluster);

    public string LocalHost => $"{Name}.{Namespace}.svc.cluster.local";

    /// <summary>
    /// The Kubernetes service account the service's pods run as, where the stack names it: clients then
    /// accept only that SPIFFE identity as the server. Null: any workload of the mesh's root is accepted.
    /// </summary>
    public string? ServiceAccount { get; init; }
}
