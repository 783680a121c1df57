namespace MeshInfra.Model.Config;

/// <summary>
/// How a client ejects a failing endpoint of a global host. Every such endpoint is a whole cluster's
/// east-west gateway, so it is ejected for connection failures (locally originated: refused, reset,
/// timed out), never for the HTTP answers of the pods behind it: five 5xx from one broken pod would
/// otherwise move a cluster's traffic to another cluster and version for 30 s. Istio maps
/// <c>splitExternalLocalOriginErrors</c> and <c>consecutiveLocalOriginFailures</c> to Envoy's
/// split_external_local_origin_errors / consecutive_local_origin_failure, and
/// <c>consecutive5xxErrors: 0</c> to consecutive_5xx 0 with enforcing 0 (pilot/pkg/networking/core/cluster_traffic_policy.go,
/// applyOutlierDetection, 1.30.3 and 1.31.0-rc.0). Left unset, Envoy's consecutive_5xx defaults to 5,
/// enforced (envoy/config/cluster/v3/outlier_detection.proto), so the 0 must be written. Istio enables
/// locality failover only when a DestinationRule has outlier detection (cluster_traffic_policy.go,
/// applyLocalityLoadBalancer).
/// </summary>
public sealed record OutlierDetectionSpec(int ConsecutiveLocalOriginFailures, string Interval, string BaseEjectionTime, int MaxEjectionPercent)
{
    /// <summary>Eject a gateway after 5 connection failures in a row, check every 10 s, for 30 s, all endpoints if need be; never for 5xx answers.</summary>
    public static readonly OutlierDetectionSpec Default = new(5, "10s", "30s", 100);

    /// <summary>
    /// Application errors (5xx answers) that eject a gateway: 0, unless a stack sets it on purpose
    /// (validation warns then, since it fails a whole cluster over for one pod's answers).
    /// </summary>
    public int Consecutive5xxErrors { get; init; }
}
