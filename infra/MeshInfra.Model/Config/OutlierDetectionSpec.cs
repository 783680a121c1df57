namespace MeshInfra.Model.Config;

/// <summary>
/// How a client ejects a failing endpoint (a remote east-west gateway, or the local one when its
/// pods are gone), so traffic fails over by locality. Istio enables locality failover only when a
/// DestinationRule has outlier detection (pilot/pkg/xds/endpoints/endpoint_builder.go, 1.30.3).
/// </summary>
public sealed record OutlierDetectionSpec(int Consecutive5xxErrors, string Interval, string BaseEjectionTime, int MaxEjectionPercent)
{
    /// <summary>Eject after 5 failures in a row (connection failures count for TCP), check every 10 s, for 30 s, all endpoints if need be.</summary>
    public static readonly OutlierDetectionSpec Default = new(5, "10s", "30s", 100);
}
