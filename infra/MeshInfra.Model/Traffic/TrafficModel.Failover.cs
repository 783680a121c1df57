using System.Collections.Immutable;
using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// Where a ServiceEntry's requests go among its endpoints (one per cluster: that cluster's east-west gateway),
/// with clusters taken down (<see cref="Down"/>) and names that resolve to several addresses (<see cref="Resolves"/>).
/// </summary>
public sealed partial class TrafficModel
{
    /// <summary>Clusters whose east-west gateway is gone or ejected (<c>--down</c>): nothing reaches them, and their clients send nothing.</summary>
    public ImmutableSortedSet<string> Down { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    /// <summary>How many addresses an endpoint's host name resolves to (<c>--resolves HOST=N</c>); 1 when not given.</summary>
    public ImmutableSortedDictionary<string, int> Resolves { get; init; } = ImmutableSortedDictionary.Create<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// Without outlier detection every endpoint takes an equal part per host and nothing is ejected: a down
    /// gateway keeps its part of first attempts, which fail and are retried as the route says (RouteRetry,
    /// ConnectRetries). With it, Istio gives each endpoint a priority by locality and Envoy
    /// ejects the down ones (as many as maxEjectionPercent allows, possibly none) and moves their load by
    /// <see cref="PriorityLoad"/>. A DNS name endpoint (resolution DNS: a STRICT_DNS cluster) is one host per
    /// address it resolves to, all in its locality (pilot/pkg/networking/core/cluster.go, convertResolution: resolution
    /// DNS is a STRICT_DNS cluster, 1.30.3 and 1.31.0-rc.0; Envoy's strict DNS makes each resolved address a host).
    /// </summary>
    private void Failover(TraceRun run, ClusterView cluster, RegistryService service, List<SeEndpoint> endpoints, EffectivePolicy policy, ServicePortView servicePort, int port, TlsSettings tls, double share, int depth, string? subsetName, string host, ObjectRef? ruleSource)
    {
        var setting = LocalityLbSetting.Of(policy.LoadBalancer, read);
        if (service.IsStaticServiceEntry && !KeepStaticEndpoints(run, service, endpoints, depth, share, port, subsetName, host))
        {
            return;
        }

        // Istio's priorities for this client (LocalityFailover: localityLbSetting, failover rules, the DNS-subset
        // rule, failoverPriority on EDS clusters); null where the model does not follow Istio (distribute,
        // failoverPriority on a default DNS cluster).
        var priorities = service.IsStaticServiceEntry
            ? LocalityFailover.EdsPriorities(
                cluster.Locality,
                [.. endpoints.Select(e => e.Locality)],
                setting,
                policy.OutlierDetection is not null,
                FailoverPriorityLabels.Augment(run.Sender?.Labels ?? ImmutableSortedDictionary<string, string>.Empty, cluster.Locality, cluster.Name),
                [.. endpoints.Select(e => (IReadOnlyDictionary<string, string>)FailoverPriorityLabels.Augment(e.Labels, e.Locality, cluster.Name))],
                istioMinor)
            : LocalityFailover.Priorities(cluster.Locality, [.. endpoints.Select(e => e.Locality)], setting, subsetName is not null, policy.OutlierDetection is not null);
        var byLabels = service.IsStaticServiceEntry && !setting.FailoverPriority.IsEmpty;
        if (priorities is not { } ranked)
        {
            run.Fail(depth, "endpoints", FailureMessages.LocalityLbNotModelled(IstioNames.OutboundCluster(port, subsetName, host)), share, ruleSource);
            return;
        }

        var ejection = IstioRules.Ejection(policy.OutlierDetection, read);
        var down = endpoints.Select(e => gatewayAt.TryGetValue((e.Address, PortOf(e, servicePort)), out var c) && Down.Contains(c)).ToList();
        var hosts = endpoints.Select(e => Resolves.GetValueOrDefault(e.Address, 1)).ToList();
        var ejectable = 0;
        if (ejection is { ConnectionFailures: > 0 })
        {
            // Only what counts failed connections ejects a down gateway (never: consecutive5xxErrors 0 without the split and
            // no gateway errors). Envoy ejects a host only while 100 x (ejected + 1) / hosts <= max_ejection_percent
            // (source/common/upstream/outlier_detection_impl.cc, DetectorImpl::ejectHost; "at least one" only under
            // always_eject_one_host, off by default since Envoy 1.31, which Istio never sets: applyOutlierDetection,
            // 1.30.3 and 1.31.0-rc.0). Istio copies maxEjectionPercent when above 0; Envoy's default is 10.
            var percent = read.Int(policy.OutlierDetection!["maxEjectionPercent"]) is { } p and > 0 ? p : 10;
            ejectable = percent * hosts.Sum() / 100;
        }

        var planned = new List<FailoverHost>();
        for (var i = 0; i < endpoints.Count; i++)
        {
            // In the endpoints' order: which hosts go first in a real mesh depends on which fail first.
            var eject = down[i] ? Math.Min(ejectable, hosts[i]) : 0;
            ejectable -= eject;
            planned.Add(new FailoverHost(ejection is null ? 0 : ranked[i], hosts[i], eject));
        }

        var shares = PriorityLoad.Shares(planned);

        // A down gateway still in the load balancer fails each attempt that picks it; the route's retries
        // (RouteRetry) pick again, so most of its part ends on the hosts left (ConnectRetries).
        var retry = RouteRetry.For(service.Port(port)?.Protocol, run.Retry);
        var sameHost = retry.ReturnsToSameHost(policy.LoadBalancer?["consistentHash"] is not null, run.RouteDestinations);
        var outcome = ConnectRetries.Of([.. planned.Select((h, i) => new RetryHost(shares[i], h.Healthy, down[i]))], retry, sameHost);
        var deadShare = Enumerable.Range(0, endpoints.Count).Where(i => down[i]).Sum(i => shares[i]);
        var delivered = Enumerable.Range(0, endpoints.Count).Select(i => !down[i] ? outcome.Answered[i] : deadShare > 0 ? outcome.Failed * shares[i] / deadShare : 0).ToList();

        // Before outlier detection has seen enough failed connections, Envoy still counts the down gateway healthy:
        // what the requests of that window come to, kept for verify's warning and the trace's retries hop.
        var window = ejection is { ConnectionFailures: > 0 } && planned.Any(h => h.Ejected > 0) ? Window(planned, down, retry, sameHost) : null;
        run.FailingBeforeEjection += share * (window?.Outcome.Failed ?? 0);

        // Istio numbers the priorities present from 0 (loadbalancer.go, applyLocalityFailover): print those.
        var ranks = planned.Select(h => h.Priority).Distinct().Order().ToList();
        string Owner(int i) => endpoints[i].Labels.GetValueOrDefault(IstioLabels.ClusterLabel) ?? endpoints[i].Address;
        if (run.Explain)
        {
            run.Hop(depth, "endpoints", string.Join("; ", endpoints.Select((e, i) => $"{e.Address}:{PortOf(e, servicePort)} {Labels(e.Labels)}"
                    + (e.Locality is null ? "" : $" locality {e.Locality}")
                    + (ejection is null ? "" : $" priority {ranks.IndexOf(planned[i].Priority)}")
                    + (hosts[i] > 1 ? $" ({hosts[i]} hosts: {e.Address} resolves to {hosts[i]} addresses)" : "")
                    + (!down[i] ? "" : planned[i].Healthy == 0 ? " EJECTED (down)" : planned[i].Ejected == 0 ? " DOWN, not ejected" : $" DOWN, {planned[i].Ejected} of {hosts[i]} hosts ejected (maxEjectionPercent)")
                    + $" {TraceResult.Percent(share * shares[i])}"))
                + (ejection is { } rule ? $" ({(byLabels ? $"by failoverPriority {string.Join(", ", setting.FailoverPriority)}" : "nearest locality first")}; {rule})" : " (no outlier detection: no locality preference or failover)"), service.Source);
            var fallback = Enumerable.Range(0, endpoints.Count).Where(i => ejection is not null && ranked[i] > 0).GroupBy(i => ranked[i]).OrderBy(g => g.Key)
                .Select(g => string.Join(", ", g.Select(i => endpoints[i].Labels.GetValueOrDefault(IstioLabels.ClusterLabel) ?? endpoints[i].Address).Distinct(StringComparer.Ordinal)))
                .ToList();
            if (fallback.Count > 0)
            {
                run.Hop(depth, "failover", $"once those are ejected: {string.Join(", then ", fallback)}", ruleSource);
            }

            if (deadShare > 0)
            {
                run.Hop(depth, "retries", RetryText(share, deadShare, Owner, down, shares, outcome, retry, sameHost), ruleSource);
            }

            if (window is { } w)
            {
                run.Hop(depth, "retries", $"until {ejection!.ConnectionFailures} connection failures in a row eject the down gateway: " + RetryText(share, w.DeadShare, Owner, down, w.FirstPicks, w.Outcome, retry, sameHost), ruleSource);
            }

            // A Kubernetes Service name (the own gateway's) resolves to its one ClusterIP: only other names can weigh more.
            foreach (var name in endpoints.Select(e => e.Address).Distinct().Where(a => ResolvedName.IsDnsName(a) && !Resolves.ContainsKey(a) && cluster.Service(a) is not { FromServiceEntry: false }))
            {
                run.Hop(depth, "endpoints", $"{name} is resolved by DNS (STRICT_DNS): each address it resolves to is a host of its own, so its share grows with their number; counted as 1 (give {ResolvedName.Flag} {name}=N)", service.Source);
            }
        }

        if (shares.All(s => s == 0))
        {
            run.Fail(depth, "down", FailureMessages.AllEndpointsEjected(service.Host, Down), share, service.Source);
            return;
        }

        for (var i = 0; i < endpoints.Count; i++)
        {
            if (delivered[i] <= 0)
            {
                continue;
            }

            var endpoint = endpoints[i];
            var endpointTls = tls.Mode == "AUTO"
                ? IstioRules.ServiceEntryEndpointIsIstioMtls(endpoint) ? tls with { Mode = "ISTIO_MUTUAL" } : TlsSettings.None
                : tls;
            Deliver(run, cluster, endpoint.Address, PortOf(endpoint, servicePort), endpointTls, share * delivered[i], depth + 1, 0);
        }
    }

    /// <summary>
    /// A STATIC ServiceEntry's EDS keeps only endpoints whose address is an IP (pilot/pkg/xds/endpoints/
    /// endpoint_builder.go, BuildClusterLoadAssignment, 1.30.3 and 1.31.0-rc.0: "filter out endpoint that has
    /// invalid ip address, mostly domain name"): the others are dropped, without a word in the cluster.
    /// Istio's validation refuses such a ServiceEntry up front (validation.go, validateWorkloadEntry), so
    /// this is for one that got in anyway (no webhook, an edited render). A placeholder stands for a value
    /// given at deploy time, which the render and the deploy check is an IP.
    /// False when none is left (the failure is recorded).
    /// </summary>
    private bool KeepStaticEndpoints(TraceRun run, RegistryService service, List<SeEndpoint> endpoints, int depth, double share, int port, string? subsetName, string host)
    {
        var dropped = endpoints.Where(e => !IstioRules.EdsKeepsAddress(e.Address)).ToList();
        if (dropped.Count == 0)
        {
            return true;
        }

        endpoints.RemoveAll(dropped.Contains);
        if (run.Explain)
        {
            run.Hop(depth, "endpoints", $"resolution STATIC keeps only IP endpoints: Istio drops {string.Join(", ", dropped.Select(e => e.Address).Distinct(StringComparer.Ordinal))} from the cluster", service.Source);
        }

        if (endpoints.Count == 0)
        {
            run.Fail(depth, "endpoints", FailureMessages.NoClusterEndpoints(IstioNames.OutboundCluster(port, subsetName, host), null), share, service.Source);
            return false;
        }

        return true;
    }

    /// <summary>A down cluster's gateway that is still dialled (nothing ejects it): the connection fails.</summary>
    private bool DialsDownGateway(TraceRun run, string remote, string address, string port, double share, int depth)
    {
        if (!Down.Contains(remote))
        {
            return false;
        }

        run.Fail(depth, "down", FailureMessages.GatewayDown(address, port, remote), share);
        return true;
    }

    /// <summary>A client in a down cluster sends nothing.</summary>
    private bool ClientDown(TraceRun run, string cluster)
    {
        if (!Down.Contains(cluster))
        {
            return false;
        }

        run.Fail(0, "down", FailureMessages.ClientClusterDown(cluster), 1);
        return true;
    }
}
