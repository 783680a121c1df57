using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>The parts of a merged traffic policy the model follows: TLS, outlier detection, load balancer.</summary>
public sealed record EffectivePolicy(MapNode? Tls, MapNode? OutlierDetection, MapNode? LoadBalancer)
{
    public static readonly EffectivePolicy None = new(null, null, null);
}
