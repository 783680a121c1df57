using System.Collections.Immutable;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// What `meshinfra doctor` read from one cluster, through its own kubeconfig context: the objects
/// as the API server returned them (each with apiVersion and kind set, as `kubectl get -o json`
/// items are), and the findings of reading itself (a cluster or a kind that could not be read).
/// The checks take this and never talk to a cluster, so they are tested on in-memory state.
/// </summary>
/// <param name="Name">The stack's name for the cluster.</param>
/// <param name="Context">The kubeconfig context it was read through.</param>
/// <param name="ServerVersion">The API server's gitVersion (for example v1.32.13); null when unreachable.</param>
/// <param name="Objects">
/// Nodes, Namespaces, Pods, Services, EndpointSlices, Deployments, ConfigMaps, every Istio
/// networking and security object, and the `cacerts` Secret's public part only: the reader drops
/// `ca-key.pem` (and any other key) before the object is kept, so no check, log or output can hold it.
/// </param>
/// <param name="ReadFindings">What could not be read (kind `unreachable`), each naming what is missing and the fix.</param>
/// <param name="UnreadKinds">
/// The kinds the reader listed but could not read (refused, or their CRD not installed), each with
/// why: the cluster holds an unknown number of them, not none, so every check that would look at
/// them skips that part rather than report what an empty list lacks. Null or empty: every kind was read.
/// </param>
public sealed record LiveCluster(
    string Name,
    string Context,
    string? ServerVersion,
    ImmutableArray<MapNode> Objects,
    ImmutableArray<DoctorFinding> ReadFindings,
    ImmutableSortedDictionary<string, string>? UnreadKinds = null)
{
    /// <summary>True when the API server answered at all (its version was read).</summary>
    public bool Reachable => ServerVersion is not null;

    /// <summary>The kinds not read, each with why (never null).</summary>
    public ImmutableSortedDictionary<string, string> Unread => UnreadKinds ?? ImmutableSortedDictionary<string, string>.Empty;
}
