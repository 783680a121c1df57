using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The priorities Istio gives the endpoints of a ServiceEntry's STRICT_DNS cluster for one client, and
/// which of them take its requests when some are ejected.
///
/// The path at Istio 1.30.3 and 1.31.0-rc.0 (the functions named are identical at both tags unless said):
/// core/cluster.go, buildOutboundClusters, builds the default cluster with the endpoints in its
/// LoadAssignment and, for DNS clusters only (core/cluster_cache.go, buildClusterKey, makes an endpoint
/// builder only for resolution DNS and DNS_ROUND_ROBIN), <c>dnsWrappedLocalityLbEndpoints</c>; applyDestinationRule
/// then builds each subset cluster in core/cluster_builder.go, buildSubsetCluster, through buildCluster and
/// newClusterWrapper, which leave that field nil. core/cluster_traffic_policy.go, applyTrafficPolicy, calls
/// applyLoadBalancer with it; failover is on only with outlier detection (applyLocalityLoadBalancer at
/// 1.30.3, LocalityLBSettings.ApplyToCluster at 1.31.0-rc.0), and core/loadbalancer/loadbalancer.go,
/// ApplyLocalityLoadBalancer, then: with <c>distribute</c>, reweights (not modelled); with
/// <c>failoverPriority</c>, runs applyFailoverPriorities, which returns at once without wrapped endpoints
/// (every subset cluster), and applyLocalityFailover only if <c>failover</c> is also set; otherwise
/// applyLocalityFailover: util.go, LbPriority, plus priority 4 for an unmatched endpoint outside the
/// <c>to</c> region of the first rule whose <c>from</c> is the client's region; then the priorities are
/// renumbered 0..N without gaps. How Envoy then spreads the load over these priorities as hosts are
/// ejected (the best priority first, spilling to the next as its health falls) is <see cref="PriorityLoad"/>.
/// </summary>
public static class LocalityFailover
{
    /// <summary>
    /// Each endpoint's priority (0 first) for a client of locality <paramref name="client"/>, or null where
    /// the model does not follow what Istio does: <c>distribute</c>, and <c>failoverPriority</c> on a DNS
    /// default cluster (whose wrapped endpoints are only the first locality's, cluster.go above).
    /// </summary>
    /// <param name="client">The client's locality (<c>region/zone/subzone</c>, null for none).</param>
    /// <param name="endpoints">Each endpoint's locality.</param>
    /// <param name="setting">The merged policy's localityLbSetting.</param>
    /// <param name="subsetCluster">Whether the cluster is a subset's (no wrapped endpoints).</param>
    /// <param name="failoverEnabled">Whether the merged policy has outlier detection.</param>
    public static ImmutableArray<int>? Priorities(string? client, IReadOnlyList<string?> endpoints, LocalityLbSetting setting, bool subsetCluster, bool failoverEnabled)
    {
        if (!setting.Enabled || !failoverEnabled)
        {
            return [.. endpoints.Select(_ => 0)];
        }

        if (setting.Distributes || (!setting.FailoverPriority.IsEmpty && !subsetCluster))
        {
            return null;
        }

        if (!setting.FailoverPriority.IsEmpty && setting.Failover.IsEmpty)
        {
            // applyFailoverPriorities returned without wrapped endpoints, and applyLocalityFailover is skipped.
            return [.. endpoints.Select(_ => 0)];
        }

        return FailoverPriorityLabels.Renumber([.. endpoints.Select(endpoint => LocalityPriority(client, endpoint, setting))]);
    }

    /// <summary>
    /// Each endpoint's priority in an EDS cluster (a ServiceEntry with <c>resolution: STATIC</c>, default or
    /// subset cluster alike), whose endpoint builder hands the load balancer every endpoint's labels
    /// (<see cref="FailoverPriorityLabels"/>): with <c>failoverPriority</c>, by labels, and where
    /// <c>failover</c> is set too, applyLocalityFailover after it, each label priority times 5 plus the
    /// locality's (loadbalancer.go, ApplyLocalityLoadBalancer and applyLocalityFailover, 1.30.3 and
    /// 1.31.0-rc.0); without it, by locality as any cluster. Null for <c>distribute</c> (not modelled).
    /// </summary>
    /// <param name="client">The client's locality.</param>
    /// <param name="localities">Each endpoint's locality.</param>
    /// <param name="setting">The merged policy's localityLbSetting.</param>
    /// <param name="failoverEnabled">Whether the merged policy has outlier detection.</param>
    /// <param name="proxyLabels">The client proxy's labels, augmented (<see cref="FailoverPriorityLabels.Augment"/>).</param>
    /// <param name="endpointLabels">Each endpoint's labels, augmented.</param>
    /// <param name="istioMinor">"1.30" or "1.31".</param>
    public static ImmutableArray<int>? EdsPriorities(
        string? client,
        IReadOnlyList<string?> localities,
        LocalityLbSetting setting,
        bool failoverEnabled,
        IReadOnlyDictionary<string, string> proxyLabels,
        IReadOnlyList<IReadOnlyDictionary<string, string>> endpointLabels,
        string istioMinor)
    {
        if (setting.FailoverPriority.IsEmpty || !setting.Enabled || !failoverEnabled || setting.Distributes)
        {
            return Priorities(client, localities, setting, subsetCluster: true, failoverEnabled);
        }

        var byLabels = FailoverPriorityLabels.Priorities(proxyLabels, endpointLabels, setting.FailoverPriority, istioMinor);
        return setting.Failover.IsEmpty
            ? byLabels
            : FailoverPriorityLabels.Renumber([.. localities.Select((endpoint, i) => (byLabels[i] * 5) + LocalityPriority(client, endpoint, setting))]);
    }

    /// <summary>util.go, LbPriority, plus 4 for an unmatched endpoint outside the <c>to</c> region of the client region's failover rule.</summary>
    private static int LocalityPriority(string? client, string? endpoint, LocalityLbSetting setting)
    {
        var priority = IstioRules.LocalityPriority(client, endpoint);
        if (priority == 3 && setting.Failover.FirstOrDefault(f => f.From == Part(client, 0)) is { } rule && Part(endpoint, 0) != rule.To)
        {
            priority = 4;
        }

        return priority;
    }

    private static string Part(string? locality, int index)
    {
        var parts = (locality ?? "").Split('/');
        return index < parts.Length ? parts[index] : "";
    }
}
