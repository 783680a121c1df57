using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The parts of a merged traffic policy the model follows: TLS, outlier detection (which turns locality
/// failover on), and the load balancer (its localityLbSetting).
/// </summary>
public sealed record EffectivePolicy(MapNode? Tls, MapNode? OutlierDetection, MapNode? LoadBalancer = null)
{
    public static readonly EffectivePolicy None = new(null, null);
}
