using System.Collections.Immutable;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// An offline model of how Istio 1.30.3 / 1.31 routes a request across the mesh, over the objects
/// each cluster holds. It follows the rules in <see cref="IstioRules"/> and <see cref="DnsModel"/>
/// hop by hop: DNS, the sidecar's listener, VirtualService, DestinationRule (subset, TLS, SNI),
/// endpoints by locality, then on the remote side the east-west gateway's filter chain for the SNI
/// and the endpoints Istio's filters leave, down to the pods reached.
/// </summary>
public sealed partial class TrafficModel
{
    private const int MaxGatewayHops = 3;

    private readonly Dictionary<string, ClusterView> clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Address, string Port), string> gatewayAt = [];
    private readonly EastWestGateways gateways;
    private readonly DocReader read;
    private readonly string istioMinor;
    private readonly List<IngressDial> ingressDials;

    /// <param name="states">What each cluster holds.</param>
    /// <param name="gateways">Where each cluster's east-west gateway is dialled from other clusters.</param>
    /// <param name="resolve">The text a deferred value stands for (a --set value or a placeholder).</param>
    /// <param name="istioVersion">The Istio release whose rules apply (1.30.x or 1.31.x), where they differ.</param>
    /// <param name="ingress">Where each cluster's ingress gateway is dialled (a request to that address enters it).</param>
    public TrafficModel(IEnumerable<ClusterState> states, IEnumerable<GatewayDial> gateways, Func<DeferredValue, string> resolve, string istioVersion, IEnumerable<IngressDial>? ingress = null)
    {
        ingressDials = [.. ingress ?? []];
        read = new DocReader(resolve);
        istioMinor = string.Join('.', istioVersion.Split('.').Take(2));
        var cache = new ParseCache();
        foreach (var state in states)
        {
            clusters[state.Name] = new ClusterView(state, read, cache, istioMinor);
        }

        foreach (var dial in gateways)
        {
            gatewayAt.TryAdd((dial.Address, dial.Port), dial.Cluster);
        }

        this.gateways = new EastWestGateways(gatewayAt, read, istioMinor);
    }

    public IReadOnlyDictionary<string, ClusterView> Clusters => clusters;

    public TraceResult Trace(TraceRequest request, bool explain = true)
    {
        var run = new TraceRun(explain) { Path = request.Path, Method = request.Method };
        if (ClientDown(run, request.Cluster))
        {
            return new TraceResult(request, [.. run.Hops], [], [.. run.Failures]);
        }

        if (request.External)
        {
            FromOutside(run, request);
        }
        else
        {
            Route(run, request);
        }

        return new TraceResult(request, [.. run.Hops], [.. run.Arrivals], [.. run.Failures]) { FailingBeforeEjection = run.FailingBeforeEjection };
    }

    private void Route(TraceRun run, TraceRequest request)
    {
        if (!clusters.TryGetValue(request.Cluster, out var cluster))
        {
            run.Fail(0, "client", FailureMessages.NoCluster(request.Cluster, clusters.Keys), 1);
            return;
        }

        // A client the objects do not declare is any pod the user names: assumed in its namespace, with a
        // sidecar as that namespace's injection label says (or, for a namespace the objects lack, assumed).
        var client = cluster.Workload(request.Namespace, request.Workload) ?? cluster.AssumedClient(request.Namespace, request.Workload);
        run.Client = cluster;
        if (run.Explain)
        {
            run.Hop(0, "client", $"{client} " + (client.HasSidecar ? "with a sidecar" : "without a sidecar") + (client.Assumed ? " (assumed)" : ""), client.Source);
        }

        // An ingress gateway's address, unless the client's registry holds it (then the sidecar routes to that service).
        if (IngressAt(request.Host, request.Port) is { } ingress && cluster.ServiceAt(request.Host) is null)
        {
            ToIngressAddress(run, cluster, client, request, ingress);
            return;
        }

        var answer = DnsModel.Resolve(cluster, client, request.Host);
        if (run.Explain)
        {
            run.Hop(0, "dns", $"{answer.Detail} ({answer.Server})", answer.DecidedBy);
        }

        if (answer.Address is not { } address)
        {
            run.Fail(0, "dns", FailureMessages.DnsNoAnswer(request.Host, cluster.Name, answer.Detail), 1, answer.DecidedBy);
            return;
        }

        var service = cluster.ServiceAt(address);
        if (!client.HasSidecar)
        {
            if (service is { FromServiceEntry: false })
            {
                if (KubeProxyPort(run, service, request.Port, 1, 0) is not { } servicePort)
                {
                    return;
                }

                if (run.Explain)
                {
                    run.Hop(0, "kube-proxy", $"no sidecar: {address}:{request.Port} goes to a pod of {service.Host} chosen by kube-proxy", service.Source);
                }

                Plaintext(run, cluster, service, servicePort);
            }
            else
            {
                run.Fail(0, "network", FailureMessages.MeshAddressWithoutSidecar(address), 1);
            }

            return;
        }

        if (service is null)
        {
            run.Fail(0, "listener", FailureMessages.NoListener(cluster.Name, address), 1);
            return;
        }

        if (!InSidecarScope(run, cluster, client, service, address, request.Port))
        {
            return;
        }

        if (service.Port(request.Port) is not { } listenerPort)
        {
            run.Fail(0, "listener", FailureMessages.NoServicePort(service.Host, request.Port, service.Ports.Select(p => p.Number)), 1, service.Source);
            return;
        }

        if (run.Explain)
        {
            run.Hop(0, "listener", $"{address}:{request.Port} is {service.Host}", service.Source);
        }

        var virtualService = cluster.VirtualServiceFor(service.Host, client.Namespace);
        ImmutableArray<RouteDestination> destinations = [new RouteDestination(service.Host, null, null, 100)];
        if (virtualService is not null && ListenerProtocol.IsTcpProxy(listenerPort.Protocol))
        {
            // A TCP proxy takes only the VirtualService's tcp (or tls) routes, else the service's own cluster
            // (pilot/pkg/networking/core/tls.go, buildSidecarOutboundTCPFilterChainOpts, 1.30.3 and 1.31.0-rc.0):
            // its http rules, header matches and weights, never apply.
            if (virtualService.HasTcpOrTlsRoutes)
            {
                run.Fail(0, "route", FailureMessages.TcpRoutesNotTraced(service.Host, request.Port, listenerPort.Protocol, $"{virtualService.Source.Namespace}/{virtualService.Source.Name}"), 1, virtualService.Source);
                return;
            }

            if (run.Explain)
            {
                run.Hop(0, "route", $"port {request.Port} of {service.Host} is {listenerPort.Protocol}, a TCP proxy: the http rules of VirtualService {virtualService.Source.Namespace}/{virtualService.Source.Name} do not apply; the default route to {service.Host}:{request.Port}", virtualService.Source);
            }
        }
        else if (virtualService is not null)
        {
            var rule = virtualService.Http.FirstOrDefault(r => r.Selects(request.Headers, request.Path));
            if (rule is null)
            {
                run.Fail(0, "route", FailureMessages.NoRouteMatch(), 1, virtualService.Source);
                return;
            }

            if (rule.Delegate is { } delegateTo)
            {
                run.Fail(0, "route", FailureMessages.DelegateNotTraced($"{virtualService.Source.Namespace}/{virtualService.Source.Name}", rule.Index, delegateTo), 1, virtualService.Source);
                return;
            }

            destinations = rule.Destinations;
            run.Retry = rule.Retries;
            run.RouteDestinations = rule.Destinations.Length;
            if (run.Explain)
            {
                run.Hop(0, "route", $"rule {rule.Index} ({rule.MatchText})" + OwnAnswerText(rule), virtualService.Source);
            }
        }

        else
        {
            if (run.Explain)
            {
                run.Hop(0, "route", $"no VirtualService: the default route to {service.Host}:{request.Port}");
            }
        }

        var total = destinations.Length == 1 ? 0 : destinations.Sum(d => d.Weight);
        foreach (var destination in destinations)
        {
            var share = total == 0 ? 1.0 : (double)destination.Weight / total;
            if (share > 0)
            {
                Destination(run, cluster, client, destination.Host, destination.Subset, DestinationPort(cluster, destination, request.Port), share);
            }
        }
    }

    /// <summary>
    /// The port a route destination goes to: its own, else its service's only port, else the listener's
    /// (pilot/pkg/networking/core/route/route.go, GetDestinationCluster, 1.30.3 and 1.31.0-rc.0).
    /// </summary>
    private static int DestinationPort(ClusterView cluster, RouteDestination destination, int listenerPort) =>
        destination.Port ?? (cluster.Service(destination.Host) is { Ports: [var only] } ? only.Number : listenerPort);

    private void Destination(TraceRun run, ClusterView cluster, Workload client, string host, string? subsetName, int port, double share)
    {
        const int depth = 1;
        run.Sender = client;
        if (cluster.Service(host) is not { } service)
        {
            run.Fail(depth, "destination", FailureMessages.UnknownHost(host, cluster.Name), share);
            return;
        }

        if (service.Port(port) is not { } servicePort)
        {
            // istiod builds one outbound cluster per service port (pilot/pkg/networking/core/cluster.go, buildOutboundClusters,
            // 1.30.3 and 1.31.0-rc.0): a route to another port names a cluster Envoy lacks, and the router answers 503 (NC;
            // Istio sets cluster_not_found_response_code only for Gateway API routes, route.go applyHTTPRouteDestination).
            run.Fail(depth, "cluster", FailureMessages.NoDestinationCluster(IstioNames.OutboundCluster(port, subsetName, host), host, port, service.Ports.Select(p => p.Number)), share, service.Source);
            return;
        }

        var rule = cluster.DestinationRuleFor(host, client, service.Namespace);
        SubsetView? subset = null;
        if (subsetName is not null && (subset = rule?.Subset(subsetName)) is null)
        {
            run.Fail(depth, "destination", FailureMessages.UnknownSubset(subsetName, host, client.Namespace), share, rule?.Source);
            return;
        }

        var policy = IstioRules.Policy(rule, subset, port);
        var tls = IstioRules.ClusterTls(policy, port, subsetName, host, read, service.MeshExternal || cluster.NamespaceMtls(service.Namespace) == PeerMtls.Disable);
        if (run.Explain)
        {
            run.Hop(depth, "cluster", $"{IstioNames.OutboundCluster(port, subsetName, host)} {TraceResult.Percent(share)}: tls {tls.Mode}" + (tls.IstioMutual ? $", SNI {tls.Sni}" : "")
                + (tls.SubjectAltNames.IsEmpty ? "" : $", SAN {string.Join(" ", tls.SubjectAltNames)}")
                + (rule is { MergedFrom.IsEmpty: false } ? $" (DestinationRule {rule.Namespace}/{rule.Source.Name} merged with {string.Join(", ", rule.MergedFrom.Select(m => $"{m.Namespace}/{m.Name}"))})" : ""), rule?.Source);
        }

        if (!service.FromServiceEntry)
        {
            Spread(run, cluster, service, servicePort, share, depth, subset, tls);
            return;
        }

        var endpoints = service.Endpoints.Where(e => subset is null || subset.Labels.All(l => e.Labels.GetValueOrDefault(l.Key) == l.Value)).ToList();
        if (endpoints.Count == 0)
        {
            run.Fail(depth, "endpoints", FailureMessages.NoClusterEndpoints(IstioNames.OutboundCluster(port, subsetName, host), subset?.Labels), share, service.Source);
            return;
        }

        Failover(run, cluster, service, endpoints, policy, servicePort, port, tls, share, depth, subsetName, host, rule?.Source);
    }

    /// <summary>What the route hop adds for a rule that answers the request itself: nothing goes on to a pod.</summary>
    private static string OwnAnswerText(HttpRouteView rule) =>
        rule.OwnAnswer is { } answer ? $": answered with its {answer}, forwarded to no pod" : "";
}
