using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// A PeerAuthentication as the traffic model reads it: its selector (empty: namespace- or mesh-wide),
/// its mode (null when UNSET or absent, so it inherits) and its port-level modes by the workload's port.
/// </summary>
public sealed record PeerAuthenticationView(
    string Namespace,
    ImmutableSortedDictionary<string, string> Selector,
    string? Mode,
    ImmutableSortedDictionary<int, string?> PortModes,
    ObjectRef Source)
{
    /// <summary>Where istiod lists it: creation time, name, namespace; the oldest of a scope decides.</summary>
    public CreationOrder Order { get; init; }
}
