using System.Collections.Immutable;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The <c>loadBalancer.localityLbSetting</c> of a merged traffic policy, as far as the model follows it.
/// A DestinationRule without one falls back to the mesh's (Istio's default: enabled, no rules), and one
/// with <c>enabled: false</c> turns locality load balancing off (core/loadbalancer/loadbalancer.go,
/// GetLocalityLbSetting at 1.30.3, GetEffectiveLbSetting at 1.31.0-rc.0).
/// </summary>
public sealed record LocalityLbSetting(
    bool Enabled,
    ImmutableArray<LocalityFailoverRule> Failover,
    ImmutableArray<string> FailoverPriority,
    bool Distributes)
{
    /// <summary>Istio's mesh default: enabled, and no failover, failoverPriority or distribute.</summary>
    public static readonly LocalityLbSetting MeshDefault = new(true, [], [], false);

    /// <summary>The setting of a merged policy's <c>loadBalancer</c> (null or without localityLbSetting: the mesh default).</summary>
    public static LocalityLbSetting Of(MapNode? loadBalancer, DocReader read)
    {
        if (loadBalancer?["localityLbSetting"] is not MapNode setting)
        {
            return MeshDefault;
        }

        var failover = DocReader.Items(setting["failover"]).OfType<MapNode>()
            .Select(f => new LocalityFailoverRule(read.Str(f["from"]) ?? "", read.Str(f["to"]) ?? ""))
            .ToImmutableArray();
        return new LocalityLbSetting(
            read.Str(setting["enabled"]) != "false",
            failover,
            read.Strings(setting["failoverPriority"]),
            DocReader.Items(setting["distribute"]).Any());
    }
}
