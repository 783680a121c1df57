using MeshInfra.Model.Config;
using MeshInfra.Model.Istio;

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
/// the subset clusters of a DNS ServiceEntry (README, Known limitations).
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
}
