using System.Collections.Immutable;
using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The remote side of a cross-cluster request: what each cluster's east-west gateway does with an
/// SNI. The answer is the same for every request that carries it, so it is computed once per
/// (cluster, SNI): the AUTO_PASSTHROUGH filter chain, its cluster, and the endpoints Istio's filters
/// leave, with any defect on the way (another cluster's gateway among the endpoints, a subset whose
/// endpoint is a ClusterIP over several versions).
/// </summary>
internal sealed class EastWestGateways(Dictionary<(string Address, string Port), string> gatewayAt, DocReader read, string istioMinor)
{
    private readonly Dictionary<(string Cluster, string Sni), GatewayLanding> landings = [];
    private readonly Dictionary<string, (PassthroughServer Server, ImmutableDictionary<string, PassthroughChain> Chains)?> chains = new(StringComparer.Ordinal);

    /// <summary>What a cluster's east-west gateway does with an SNI (the same for every request), cached.</summary>
    public GatewayLanding Landing(ClusterView gateway, string sni)
    {
        if (landings.TryGetValue((gateway.Name, sni), out var cached))
        {
            return cached;
        }

        GatewayLanding landing;
        if (Chains(gateway) is not { } server)
        {
            landing = new GatewayLanding(null, null, [], [], [], [], FailureMessages.NoPassthroughServer(gateway.Name));
        }
        else if (!server.Chains.TryGetValue(sni, out var chain))
        {
            landing = new GatewayLanding(null, server.Server, [], [], [], [], FailureMessages.NoFilterChainForSni(gateway.Name, sni));
        }
        else
        {
            landing = Filter(gateway, server.Server, chain);
        }

        landings[(gateway.Name, sni)] = landing;
        return landing;
    }

    private (PassthroughServer Server, ImmutableDictionary<string, PassthroughChain> Chains)? Chains(ClusterView gateway)
    {
        if (!chains.TryGetValue(gateway.Name, out var found))
        {
            var pods = gateway.Workloads.Where(w => w.Labels.GetValueOrDefault("istio") == IstioLabels.EastWestSelector).ToList();
            var servers = gateway.PassthroughServers.Where(s => s.Port == IstioLabels.EastWestPort && pods.Any(p => p.Matches(s.Selector))).ToList();
            // The gateway proxy's own namespace decides which DestinationRule (and so which subset
            // chains) it gets: push_context.go, destinationRule, via SidecarScope.DestinationRule from
            // gateway.go builtAutoPassthroughFilterChains (1.30.3 and 1.31.0-rc.0). A Gateway object in
            // another namespace still selects these pods: PILOT_SCOPE_GATEWAY_TO_NAMESPACE is off by
            // default (pilot/pkg/features/pilot.go; push_context.go initGateways/mergeGateways).
            // Its pods' labels choose among workloadSelector rules of that namespace (sidecar.go, SidecarScope.DestinationRule).
            var proxyNamespace = pods.Select(p => p.Namespace).FirstOrDefault() ?? IstioLabels.EastWestNamespace;
            var proxyLabels = pods.Select(p => p.Labels).FirstOrDefault();
            found = servers.Count == 0 ? null : (servers[0], servers
                .SelectMany(s => IstioRules.AutoPassthroughChains(gateway, s, proxyNamespace, proxyLabels))
                .GroupBy(c => c.Key, StringComparer.Ordinal)
                .ToImmutableDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal));
            chains[gateway.Name] = found;
        }

        return found;
    }

    private GatewayLanding Filter(ClusterView gateway, PassthroughServer server, PassthroughChain chain)
    {
        var ruleTls = IstioRules.FilterTlsMode(chain.Rule, chain.Subset, chain.Port.Number, istioMinor, read);
        var pods = new List<Workload>();
        var forwards = new List<SeEndpoint>();
        var dropped = new List<string>();
        var defects = new List<FailureReason>();
        var service = chain.Service;
        if (!service.FromServiceEntry)
        {
            foreach (var pod in Selected(gateway, service, chain.Subset))
            {
                // Kubernetes lists no endpoint of the port for a pod whose containers lack its named targetPort.
                if (chain.Port.PodPort(pod) is not { } podPort)
                {
                    dropped.Add($"{pod} (no container port named {chain.Port.TargetPortName} ({chain.Port.Transport}): no endpoint of port {chain.Port.Number})");
                    continue;
                }

                // Without a TLS mode in the rule, the pod's own PeerAuthentication on its port decides (mtls_checker.go).
                var peer = ruleTls is null && pod.HasSidecar ? gateway.PeerMtlsFor(pod, podPort) : null;
                if (IstioRules.KeptByMtlsFilter(pod.HasSidecar, ruleTls, peer?.Mode == PeerMtls.Disable))
                {
                    pods.Add(pod);
                }
                else
                {
                    dropped.Add($"{pod} " + (!pod.HasSidecar ? "(no sidecar: tlsMode disabled)" : peer is null ? $"(DestinationRule tls {ruleTls})" : $"(mTLS DISABLE by PeerAuthentication {peer.DecidedBy?.Namespace}/{peer.DecidedBy?.Name})"));
                }
            }
        }
        else
        {
            foreach (var endpoint in service.Endpoints.Where(e => chain.Subset is null || chain.Subset.Labels.All(l => e.Labels.GetValueOrDefault(l.Key) == l.Value)))
            {
                // A STATIC entry's cluster is EDS, which keeps only IP endpoints (endpoint_builder.go,
                // BuildClusterLoadAssignment, 1.30.3 and 1.31.0-rc.0): a name there leads nowhere.
                if (service.IsStaticServiceEntry && !IstioRules.EdsKeepsAddress(endpoint.Address))
                {
                    dropped.Add($"{endpoint.Address} (resolution STATIC: not an IP, left out of the EDS cluster)");
                    continue;
                }

                // What the endpoint leads to, whether or not the filter keeps it: a request entering
                // this gateway must end at this cluster's pods of the subset asked for.
                if (gatewayAt.TryGetValue((endpoint.Address, TrafficModel.PortOf(endpoint, chain.Port)), out var other))
                {
                    defects.Add(FailureMessages.GatewayListsRemoteGateway(gateway.Name, service.Host, other, endpoint.Address));
                }
                else if (chain.Subset is not null && gateway.Service(endpoint.Address) is { FromServiceEntry: false } clusterIp)
                {
                    var versions = Selected(gateway, clusterIp, null).Select(p => p.Version ?? "unversioned").Distinct().Order(StringComparer.Ordinal).ToList();
                    if (versions.Count > 1)
                    {
                        defects.Add(FailureMessages.SubsetSpreadsVersions(chain.Subset.Name, service.Host, endpoint.Address, versions));
                    }
                }

                if (IstioRules.KeptByMtlsFilter(IstioRules.ServiceEntryEndpointIsIstioMtls(endpoint), ruleTls))
                {
                    forwards.Add(endpoint);
                }
                else
                {
                    dropped.Add($"{endpoint.Address} (ServiceEntry endpoint without the tlsMode label or a serviceAccount: tlsMode disabled)");
                }
            }
        }

        return new GatewayLanding(chain, server, [.. pods], [.. forwards], [.. dropped], [.. defects], null);
    }

    public static IEnumerable<Workload> Selected(ClusterView cluster, RegistryService service, SubsetView? subset) =>
        service.Selector.IsEmpty
            ? []
            : cluster.Workloads.Where(w => w.Namespace == service.Namespace && w.Matches(service.Selector) && (subset is null || w.Matches(subset.Labels)));
}
