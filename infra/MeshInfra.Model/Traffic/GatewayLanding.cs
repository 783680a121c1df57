using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// What a cluster's east-west gateway does with one SNI, the same for every request that carries
/// it: the chain and cluster, the endpoints kept after Istio's filters (pods, or addresses it would
/// forward to), and the defects found on the way. Cached per (cluster, SNI).
/// </summary>
internal sealed record GatewayLanding(
    PassthroughChain? Chain,
    PassthroughServer? Server,
    ImmutableArray<Workload> Pods,
    ImmutableArray<SeEndpoint> Forwards,
    ImmutableArray<string> Dropped,
    ImmutableArray<FailureReason> Defects,
    FailureReason? Failure);
