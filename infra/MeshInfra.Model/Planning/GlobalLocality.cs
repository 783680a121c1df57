using System.Collections.Immutable;
using MeshInfra.Model.Config;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Planning;

/// <summary>
/// The localities a cluster writes on a global host's gateway endpoints, and the failover its
/// DestinationRule adds, so that a client tries its own cluster first, then the clusters of its own
/// region, then the others.
///
/// Istio orders the endpoints of a ServiceEntry with <c>resolution: DNS</c> only by comparing each
/// endpoint's locality with the client's (pilot/pkg/networking/util/util.go, LbPriority: 0 when region,
/// zone and subzone match, 1 region and zone, 2 region, 3 none), plus <c>localityLbSetting.failover</c>
/// rules keyed on the client's region, which move an unmatched endpoint outside the rule's <c>to</c>
/// region from 3 to 4 (core/loadbalancer/loadbalancer.go, applyLocalityFailover, 1.30.3 and
/// 1.31.0-rc.0). A client's locality is its node's topology labels, which the stack cannot see, so:
/// <list type="bullet">
/// <item>the own cluster's endpoint carries the stack's region/zone (or none): priority 2 or better for
/// every client whose node is in that region, whatever its zone;</item>
/// <item>another cluster in the viewer's region carries <see cref="IstioLabels.NearbyRegion"/>, a region
/// no node has (never a tie with the own endpoint), kept at 3 by the failover rule from the viewer's
/// region;</item>
/// <item>every other cluster carries <c>meshinfra.&lt;cluster&gt;</c>: 3, or 4 under the rule.</item>
/// </list>
/// failoverPriority, which compares labels and would not need the client's locality, does nothing for
/// the subset clusters of a DNS ServiceEntry (README, Known limitations). Under static resolution (EDS)
/// it works on every cluster, and <see cref="FailoverPriority"/> replaces the failover rule.
/// </summary>
internal static class GlobalLocality
{
    /// <summary>The region part of a cluster's stack locality, or null when it names none.</summary>
    public static string? Region(ClusterSpec cluster) => cluster.Locality?.Split('/')[0];

    /// <summary>The locality of <paramref name="serving"/>'s gateway endpoint in <paramref name="viewer"/>'s ServiceEntry.</summary>
    public static string? OfEndpoint(ClusterSpec serving, ClusterSpec viewer)
    {
        if (serving.Name == viewer.Name)
        {
            return serving.Locality;
        }

        return Region(viewer) is { } region && Region(serving) == region
            ? $"{IstioLabels.NearbyRegion}/{serving.Name}"
            : $"meshinfra.{serving.Name}";
    }

    /// <summary>
    /// The region <paramref name="viewer"/>'s DestinationRule fails over from to <see cref="IstioLabels.NearbyRegion"/>:
    /// its own, where another cluster serving the host shares it; otherwise null (no rule).
    /// </summary>
    public static string? FailoverFrom(ServiceSpec service, ClusterSpec viewer, MeshSpec spec) =>
        Region(viewer) is { } region && service.ServingClusters.Any(c => c != viewer.Name && Region(spec.Cluster(c)) == region)
            ? region
            : null;

    /// <summary>
    /// Under static resolution, the <c>failoverPriority</c> of <paramref name="viewer"/>'s DestinationRule:
    /// its region, then its own cluster where it serves the host, each with the viewer's value written in.
    /// Istio gives an endpoint that differs at the j-th of n labels priority n - j, one that matches them all
    /// 0, with the value after '=' taking the place of the client's label (loadbalancer.go,
    /// applyFailoverPriorityPerLocality and priorityLabelOverrides, 1.30.3 and 1.31.0-rc.0), so the most
    /// general label comes first: own cluster 0, the region's other clusters 1, the rest 2, whatever the
    /// client's node carries. Empty where there is nothing to order (no region and not serving).
    /// </summary>
    public static ImmutableArray<string> FailoverPriority(ServiceSpec service, ClusterSpec viewer)
    {
        var priority = ImmutableArray.CreateBuilder<string>();
        if (Region(viewer) is { } region)
        {
            priority.Add($"{IstioLabels.RegionLabel}={region}");
        }

        if (service.ServingClusters.Contains(viewer.Name, StringComparer.Ordinal))
        {
            priority.Add($"{IstioLabels.ClusterLabel}={viewer.Name}");
        }

        return priority.ToImmutable();
    }

    /// <summary>What <paramref name="viewer"/>'s DestinationRule for the host depends on: clusters with the same key share one.</summary>
    public static string RuleKey(MeshSpec spec, ServiceSpec service, ClusterSpec viewer) =>
        spec.EndpointResolution == EndpointResolution.Static
            ? "priority " + string.Join(' ', FailoverPriority(service, viewer))
            : "failover " + FailoverFrom(service, viewer, spec);

    /// <summary>The host's DestinationRule as <paramref name="viewer"/> holds it.</summary>
    public static KubeObject DestinationRule(MeshSpec spec, GlobalHostPlan host, ClusterSpec viewer) =>
        spec.EndpointResolution == EndpointResolution.Static
            ? IstioObjects.GlobalDestinationRule(host.Host, host.Service, spec.TrustDomain, spec.OutlierDetection, failoverPriority: FailoverPriority(host.Service, viewer))
            : IstioObjects.GlobalDestinationRule(host.Host, host.Service, spec.TrustDomain, spec.OutlierDetection, FailoverFrom(host.Service, viewer, spec));
}
