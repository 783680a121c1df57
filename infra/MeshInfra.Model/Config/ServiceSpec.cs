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
    /// The account Kubernetes runs a pod as when its spec names none, so the identity pinned for a
    /// service whose stack entry names no <c>serviceAccount</c>.
    /// </summary>
    public const string DefaultServiceAccount = "default";

    /// <summary>
    /// The Kubernetes service account the service's pods run as: clients accept only its SPIFFE identity
    /// (<c>spiffe://&lt;trustDomain&gt;/ns/&lt;namespace&gt;/sa/&lt;account&gt;</c>) as the server. The stack's
    /// <c>serviceAccount</c>, else <see cref="DefaultServiceAccount"/>. Null only where the stack opts out
    /// (<c>verifyIdentity: false</c>): then any workload certificate of the mesh's root is accepted.
    /// </summary>
    public string? ServiceAccount { get; init; } = DefaultServiceAccount;
}
