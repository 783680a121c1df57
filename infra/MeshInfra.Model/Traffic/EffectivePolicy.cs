using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>The parts of a merged traffic policy the model follows: TLS, and outlier detection (which turns locality failover on).</summary>
public sealed record EffectivePolicy(MapNode? Tls, MapNode? OutlierDetection)
{
    public static readonly EffectivePolicy None = new(null, null);
}
