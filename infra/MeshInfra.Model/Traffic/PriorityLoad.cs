using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// Envoy's priority load: each priority's health score is its share of healthy hosts times the
/// overprovisioning factor 1.4, capped at 100 (integer percents); the highest priority takes its score's worth
/// of traffic and the rest spills to the next, scaled up when the total is below 100; within a priority every
/// healthy host takes an equal part. So one host per priority that is ejected moves all of that priority's
/// traffic to the next one; 3 hosts of which 1 is ejected keep 93% (66 * 1.4) at home.
/// Envoy: the Envoy that Istio's proxy builds (istio/proxy WORKSPACE ENVOY_SHA: 4f1e006e2db1 at 1.30.3,
/// 9d21c4ceafcc at 1.31.0-rc.0), source/extensions/load_balancing_policies/common/load_balancer_impl.cc:
/// LoadBalancerBase::recalculatePerPriorityState (health = min(100, overprovisioningFactor() * healthy / total),
/// in integers; hosts are counted, not weighed, since Istio never sets weighted_priority_health), distributeLoad
/// (each priority in order takes min(what is left, health * 100 / normalized total), the partial spill), the
/// remainder to the first priority with health, and choosePriority / ZoneAwareLoadBalancerBase::chooseHost
/// (a priority by that load, then a host in it). The factor is Envoy's default, kDefaultOverProvisioningFactor
/// = 140 (a ClusterLoadAssignment's policy.overprovisioning_factor overrides it; Istio sets none at either tag). Read from the
/// copy of that file the search index holds (envoyproxy/envoy 00cf9a056f3e), not at exactly those SHAs, which
/// it does not hold. Istio turns the panic threshold off under outlier detection unless minHealthPercent is set
/// (cluster_traffic_policy.go, applyOutlierDetection, 1.30.3 and 1.31.0-rc.0), so ejected hosts never take
/// traffic; when every host is ejected no host takes it and Envoy answers 503 (no healthy upstream).
/// </summary>
public static class PriorityLoad
{
    public const int OverprovisioningFactor = 140;

    /// <summary>
    /// The share of requests each endpoint takes (all zero when every host is ejected). A host that is down but not
    /// ejected counts as healthy, as Envoy sees it: its part is sent, fails to connect, and is retried as the route says (ConnectRetries).
    /// </summary>
    public static ImmutableArray<double> Shares(IReadOnlyList<FailoverHost> endpoints)
    {
        var priorities = endpoints.Select(e => e.Priority).Distinct().Order().ToList();
        var health = priorities.Select(p =>
        {
            var total = endpoints.Where(e => e.Priority == p).Sum(e => e.Hosts);
            var healthy = endpoints.Where(e => e.Priority == p).Sum(e => e.Healthy);
            return total == 0 ? 0 : Math.Min(100, OverprovisioningFactor * healthy / total);
        }).ToList();
        var normalized = Math.Min(100, health.Sum());
        if (normalized == 0)
        {
            return [.. endpoints.Select(_ => 0.0)];
        }

        var load = new int[priorities.Count];
        var remaining = 100;
        for (var i = 0; i < priorities.Count; i++)
        {
            load[i] = Math.Min(remaining, health[i] * 100 / normalized);
            remaining -= load[i];
        }

        // Integer rounding leaves a remainder: it goes to the first priority with healthy hosts.
        load[health.FindIndex(h => h > 0)] += remaining;
        return [.. endpoints.Select(e =>
        {
            var i = priorities.IndexOf(e.Priority);
            var healthy = endpoints.Where(x => x.Priority == e.Priority).Sum(x => x.Healthy);
            return healthy == 0 ? 0.0 : load[i] / 100.0 * e.Healthy / healthy;
        })];
    }
}
