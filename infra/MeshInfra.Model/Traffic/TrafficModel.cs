using System.Collections.Immutable;
using System.Globalization;
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

        return new TraceResult(request, [.. run.Hops], [.. run.Arrivals], [.. run.Failures]);
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
                if (run.Explain)
                {
                    run.Hop(0, "kube-proxy", $"no sidecar: {address}:{request.Port} goes to a pod of {service.Host} chosen by kube-proxy", service.Source);
                }

                Plaintext(run, cluster, service, request.Port);
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

        if (service.Port(request.Port) is null)
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
        if (virtualService is not null)
        {
            var rule = virtualService.Http.FirstOrDefault(r => r.Selects(request.Headers, request.Path));
            if (rule is null)
            {
                run.Fail(0, "route", FailureMessages.NoRouteMatch(), 1, virtualService.Source);
                return;
            }

            destinations = rule.Destinations;
            if (run.Explain)
            {
                run.Hop(0, "route", $"rule {rule.Index} ({rule.MatchText})", virtualService.Source);
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
                Destination(run, cluster, client, destination.Host, destination.Subset, destination.Port ?? request.Port, share);
            }
        }
    }

    private void Destination(TraceRun run, ClusterView cluster, Workload client, string host, string? subsetName, int port, double share)
    {
        const int depth = 1;
        run.Sender = client;
        if (cluster.Service(host) is not { } service)
        {
            run.Fail(depth, "destination", FailureMessages.UnknownHost(host, cluster.Name), share);
            return;
        }

        var rule = cluster.DestinationRuleFor(host, client.Namespace, service.Namespace);
        SubsetView? subset = null;
        if (subsetName is not null && (subset = rule?.Subset(subsetName)) is null)
        {
            run.Fail(depth, "destination", FailureMessages.UnknownSubset(subsetName, host, client.Namespace), share, rule?.Source);
            return;
        }

        var policy = IstioRules.Policy(rule, subset, port);
        var tls = IstioRules.ClusterTls(policy, port, subsetName, host, read);
        if (run.Explain)
        {
            run.Hop(depth, "cluster", $"{IstioNames.OutboundCluster(port, subsetName, host)} {TraceResult.Percent(share)}: tls {tls.Mode}" + (tls.IstioMutual ? $", SNI {tls.Sni}" : "")
                + (tls.SubjectAltNames.IsEmpty ? "" : $", SAN {string.Join(" ", tls.SubjectAltNames)}"), rule?.Source);
        }

        if (!service.FromServiceEntry)
        {
            Spread(run, cluster, service, share, depth, subset, service.Port(port)?.TargetPort ?? port, tls);
            return;
        }

        var portName = service.Port(port)?.Name ?? "";
        var endpoints = service.Endpoints.Where(e => subset is null || subset.Labels.All(l => e.Labels.GetValueOrDefault(l.Key) == l.Value)).ToList();
        if (endpoints.Count == 0)
        {
            run.Fail(depth, "endpoints", FailureMessages.NoClusterEndpoints(IstioNames.OutboundCluster(port, subsetName, host), subset?.Labels), share, service.Source);
            return;
        }

        Failover(run, cluster, service, endpoints, policy, portName, port, tls, share, depth, subsetName, host, rule?.Source);
    }

    private void Deliver(TraceRun run, ClusterView from, string address, string port, TlsSettings tls, double share, int depth, int gatewayHops)
    {
        address = OwnGatewayService(run, from, address, depth);
        if (gatewayAt.TryGetValue((address, port), out var remote))
        {
            if (run.Explain)
            {
                run.Hop(depth, "network", $"{address}:{port} is {remote}'s east-west gateway");
            }

            if (DialsDownGateway(run, remote, address, port, share, depth))
            {
                return;
            }

            Gateway(run, clusters[remote], tls, share, depth, gatewayHops);
            return;
        }

        if (from.Service(address) is { FromServiceEntry: false } local)
        {
            if (from.Workloads.Any(w => w.Namespace == local.Namespace && w.Labels.GetValueOrDefault("istio") == IstioLabels.EastWestSelector && w.Matches(local.Selector)))
            {
                if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || local.Port(number) is null)
                {
                    run.Fail(depth, "network", FailureMessages.GatewayServiceNoPort(local.Host, port), share, local.Source);
                    return;
                }

                if (run.Explain)
                {
                    run.Hop(depth, "network", $"{address}:{port} is {from.Name}'s own east-west gateway", local.Source);
                }

                Gateway(run, from, tls, share, depth, gatewayHops);
                return;
            }

            if (run.Explain)
            {
                run.Hop(depth, "kube-proxy", $"{address} is a ClusterIP: kube-proxy spreads over every pod of {local.Host}, whatever subset was asked", local.Source);
            }

            Spread(run, from, local, share, depth, null, local.Port(int.Parse(port, CultureInfo.InvariantCulture))?.TargetPort ?? 0, tls);
            return;
        }

        run.Fail(depth, "network", FailureMessages.UnreachableAddress(address, port, from.Name), share);
    }

    private void Gateway(TraceRun run, ClusterView gateway, TlsSettings tls, double share, int depth, int gatewayHops)
    {
        if (gatewayHops >= MaxGatewayHops)
        {
            run.Fail(depth, "gateway", FailureMessages.ForwardingLoop(gatewayHops), share);
            return;
        }

        if (!tls.IstioMutual || tls.Sni is null)
        {
            run.Fail(depth, "gateway", FailureMessages.GatewayRequiresMtls(gateway.Name, tls.Mode), share);
            return;
        }

        var landing = gateways.Landing(gateway, tls.Sni);
        if (landing.Failure is { } failure)
        {
            run.Fail(depth, "gateway", failure, share, landing.Server?.Source);
            return;
        }

        var chain = landing.Chain!;
        if (run.Explain)
        {
            run.Hop(depth, "gateway", $"{gateway.Name}'s east-west gateway has a filter chain for SNI {tls.Sni}: {chain.Service.Host}" + (chain.Subset is null ? ", all pods" : $", subset {chain.Subset.Name} {Labels(chain.Subset.Labels)}"), landing.Server!.Source);
        }

        foreach (var defect in landing.Defects)
        {
            run.Fail(depth, "gateway", defect, share, chain.Service.Source);
        }

        var kept = landing.Pods.Length + landing.Forwards.Length;
        if (kept == 0)
        {
            run.Fail(depth, "gateway", FailureMessages.EmptiedByMtlsFilter(gateway.Name, tls.Sni, landing.Dropped), share, chain.Service.Source);
            return;
        }

        if (run.Explain)
        {
            run.Hop(depth, "endpoints", string.Join("; ", landing.Pods.Select(p => p.ToString()).Concat(landing.Forwards.Select(f => f.Address)))
                + (landing.Dropped.IsEmpty ? "" : $" (dropped by the mTLS filter: {string.Join("; ", landing.Dropped)})"), chain.Service.Source);
        }

        foreach (var pod in landing.Pods)
        {
            Arrive(run, gateway, pod, tls, share / kept, depth + 1, chain.Port.TargetPort > 0 ? chain.Port.TargetPort : chain.Port.Number);
        }

        foreach (var forward in landing.Forwards)
        {
            run.Fail(depth, "gateway", FailureMessages.GatewayForwarding(gateway.Name, forward.Address), share / kept, chain.Service.Source);
            Deliver(run, gateway, forward.Address, PortOf(forward, chain.Port.Name, chain.Port.Number), tls, share / kept, depth + 1, gatewayHops + 1);
        }
    }

    /// <summary>Direct delivery to the pods of a Kubernetes Service (sidecar to sidecar, or kube-proxy).</summary>
    private void Spread(TraceRun run, ClusterView cluster, RegistryService service, double share, int depth, SubsetView? subset, int podPort, TlsSettings? tls = null)
    {
        var pods = EastWestGateways.Selected(cluster, service, subset).ToList();
        if (pods.Count == 0)
        {
            run.Fail(depth, "endpoints", FailureMessages.NoPods(service.Host, subset?.Labels), share, service.Source);
            return;
        }

        foreach (var pod in pods)
        {
            Arrive(run, cluster, pod, tls ?? TlsSettings.None, share / pods.Count, depth + 1, podPort);
        }
    }

    /// <summary>
    /// A client without a sidecar reaches a Service's pods through kube-proxy in plaintext: a pod whose sidecar
    /// enforces STRICT mTLS on the port refuses it (the inbound listener has only the mTLS filter chain).
    /// Istio 1.30.3 and 1.31.0-rc.0: pilot/pkg/security/authn/policy_applier.go, ComposePeerAuthentication
    /// (the mode), and pilot/pkg/networking/core/filterchain_options.go, getFilterChainMatchOptions (STRICT
    /// gives only the TLS filter chains; PERMISSIVE adds the plaintext ones), the same at both tags.
    /// </summary>
    private void Plaintext(TraceRun run, ClusterView cluster, RegistryService service, int port)
    {
        var pods = EastWestGateways.Selected(cluster, service, null).ToList();
        if (pods.Count == 0)
        {
            run.Fail(1, "endpoints", FailureMessages.NoPods(service.Host, null), 1, service.Source);
            return;
        }

        var targetPort = service.Ports.FirstOrDefault(p => p.Number == port) is { } declared && declared.TargetPort > 0 ? declared.TargetPort : port;
        run.Sender = null;
        foreach (var pod in pods)
        {
            var share = 1.0 / pods.Count;
            if (pod.HasSidecar && cluster.PeerMtlsFor(pod, targetPort) is { RefusesPlaintext: true } mtls)
            {
                run.Fail(2, "mtls", FailureMessages.PlaintextRefused(pod.ToString(), targetPort, mtls.Mode, mtls.DecidedBy), share, mtls.DecidedBy);
                continue;
            }

            Arrive(run, cluster, pod, TlsSettings.None, share, 2, targetPort);
        }
    }

    private void Arrive(TraceRun run, ClusterView cluster, Workload pod, TlsSettings tls, double share, int depth, int podPort)
    {
        var identity = IstioNames.SpiffeId(cluster.TrustDomain, pod.Namespace, pod.ServiceAccount);
        if (!tls.SubjectAltNames.IsEmpty && !tls.SubjectAltNames.Contains(identity))
        {
            run.Fail(depth, "identity", FailureMessages.IdentityRejected(pod.ToString(), identity, tls.SubjectAltNames), share, pod.Source);
            return;
        }

        if (tls.IstioMutual && TrustFailure(run.Client, cluster, pod) is { } mistrust)
        {
            run.Fail(depth, "tls", mistrust, share, pod.Source);
            return;
        }

        if (!Authorized(run, cluster, pod, tls, share, depth, podPort))
        {
            return;
        }

        if (run.Explain)
        {
            run.Hop(depth, "arrives", $"{pod} {TraceResult.Percent(share)}" + (tls.SubjectAltNames.IsEmpty ? "" : $", identity {identity} verified") + (pod.Assumed ? " (assumed pods)" : ""), pod.Source);
        }

        run.Arrivals.Add(new Arrival(pod, share));
    }

    /// <summary>
    /// The mTLS handshake between sidecars: each side verifies the other's certificate chain against the
    /// roots its proxy holds (ISTIO_MUTUAL is mutual), so the hop fails when either side's root is not
    /// among the other's. Null when it holds, or when either side's trust is unknown.
    /// </summary>
    private static FailureReason? TrustFailure(ClusterView? client, ClusterView server, Workload pod)
    {
        if (client?.Trust?.Clients is not { } c || server.Trust?.Servers is not { } s)
        {
            return null;
        }

        if (!c.Trusts.Contains(s.ChainsTo))
        {
            return FailureMessages.ServerCertificateUntrusted(pod.ToString(), s.ChainsTo, client.Name, c.Trusts);
        }

        return s.Trusts.Contains(c.ChainsTo)
            ? null
            : FailureMessages.ClientCertificateUntrusted(pod.ToString(), client.Name, c.ChainsTo, s.Trusts);
    }

    /// <summary>The port an endpoint is dialled on for a service port: its own mapping, else the service port.</summary>
    internal static string PortOf(SeEndpoint endpoint, string portName, int servicePort) =>
        endpoint.Ports.GetValueOrDefault(portName) ?? servicePort.ToString(CultureInfo.InvariantCulture);

    private static string Labels(IReadOnlyDictionary<string, string> labels) => FailureMessages.Labels(labels);

}
