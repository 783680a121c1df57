using System.Globalization;
using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The way in through an ingress gateway: the gateway Service's port to the pod's port, the Gateway
/// servers that select the pod and listen there, the VirtualServices bound to those Gateways by host,
/// their HTTP rules by headers and uri, then the destination as for a sidecar.
/// </summary>
public sealed partial class TrafficModel
{
    private const int IngressDepth = 1;

    /// <summary>The ingress gateway a request to <paramref name="address"/>:<paramref name="port"/> enters, and the Service port it reaches.</summary>
    private (IngressDial Dial, int ServicePort)? IngressAt(string address, int port)
    {
        var text = port.ToString(CultureInfo.InvariantCulture);
        var exact = ingressDials.FirstOrDefault(d => d.Address == address && d.Port == text);
        if (exact is not null)
        {
            return (exact, exact.ServicePort);
        }

        var anyPort = ingressDials.FirstOrDefault(d => d.Address == address && d.AllPorts);
        return anyPort is null ? null : (anyPort, port);
    }

    private void FromOutside(TraceRun run, TraceRequest request)
    {
        if (!clusters.TryGetValue(request.Cluster, out var cluster))
        {
            run.Fail(0, "client", FailureMessages.NoCluster(request.Cluster, clusters.Keys), 1);
            return;
        }

        if (run.Explain)
        {
            run.Hop(0, "client", $"outside the mesh, to {cluster.Name}'s ingress gateway on port {request.Port}, Host {request.Authority}, path {request.Path}");
        }

        Ingress(run, cluster, request.Port, request, 1);
    }

    /// <summary>
    /// A pod's request to an ingress gateway's address. No ServiceEntry holds that address, so a sidecar
    /// routes it by its catch-all: on an HTTP port some Service declares, the route's catch-all virtual host
    /// (pilot/pkg/networking/core/httproute.go, buildCatchAllVirtualHost), otherwise the listener's catch-all
    /// filter chain (pilot/pkg/networking/core/listener_builder.go, buildOutboundCatchAllNetworkFiltersOnly),
    /// both at 1.30.3 and 1.31.0-rc.0: PassthroughCluster under ALLOW_ANY, 502 or a reset (BlackHoleCluster) under REGISTRY_ONLY.
    /// </summary>
    private void ToIngressAddress(TraceRun run, ClusterView from, Workload client, TraceRequest request, (IngressDial Dial, int ServicePort) ingress)
    {
        var target = clusters[ingress.Dial.Cluster];
        if (run.Explain)
        {
            run.Hop(0, "dns", $"{request.Host} is an address: no lookup");
        }

        if (client.HasSidecar)
        {
            if (from.OutboundTrafficPolicyFor(client) != ClusterView.DefaultOutboundTrafficPolicy)
            {
                // A Sidecar's own policy overrides meshConfig's (pilot/pkg/model/sidecar.go, initSidecarScopeInternalIndexes,
                // 1.30.3 and 1.31.0-rc.0): the fix is in whichever decided.
                var scope = from.SidecarFor(client) is { OutboundTrafficPolicy: not null } own ? own.Source : null;
                run.Fail(0, "passthrough", FailureMessages.PassthroughBlocked(request.Host, request.Port, from.Name, from.OutboundTrafficPolicyFor(client), scope), 1, scope);
                return;
            }

            if (run.Explain)
            {
                run.Hop(0, "passthrough", $"{request.Host}:{request.Port} is no service of {from.Name}'s registry: outboundTrafficPolicy {from.OutboundTrafficPolicyFor(client)} sends it out through PassthroughCluster, unencrypted");
            }
        }

        if (run.Explain)
        {
            run.Hop(0, "network", $"{request.Host}:{request.Port} is {target.Name}'s ingress gateway (Service port {ingress.ServicePort})");
        }

        Ingress(run, target, ingress.ServicePort, request, 1);
    }

    private void Ingress(TraceRun run, ClusterView cluster, int servicePort, TraceRequest request, int depth)
    {
        var services = cluster.Services
            .Where(s => !s.FromServiceEntry && !s.Selector.IsEmpty && cluster.Workloads.Any(w => IsIngressPod(w) && w.Namespace == s.Namespace && w.Matches(s.Selector)))
            .OrderBy(s => s.Host, StringComparer.Ordinal).ToList();
        if (services.Count == 0)
        {
            run.Fail(depth, "ingress", FailureMessages.NoIngressGateway(cluster.Name), 1);
            return;
        }

        var service = services[0];
        if (service.Port(servicePort) is not { } port)
        {
            run.Fail(depth, "ingress", FailureMessages.NoIngressPort(service.Host, servicePort, service.Ports.Select(p => p.Number)), 1, service.Source);
            return;
        }

        var pods = cluster.Workloads.Where(w => w.Namespace == service.Namespace && w.Matches(service.Selector)).ToList();
        if (run.Explain)
        {
            run.Hop(depth, "ingress", $"{service.Host}:{servicePort} -> port {port.TargetPortName ?? port.TargetPort.ToString(CultureInfo.InvariantCulture)} of {string.Join(", ", pods)}", service.Source);
        }

        foreach (var pod in pods)
        {
            if (port.PodPort(pod) is not { } podPort)
            {
                run.Fail(depth, "ingress", FailureMessages.NoNamedTargetPort(service.Host, servicePort, port.TargetPortName!, port.Transport, [pod.ToString()]), 1.0 / pods.Count, service.Source);
                continue;
            }

            GatewayPod(run, cluster, pod, podPort, request, 1.0 / pods.Count, depth);
        }
    }

    /// <summary>Gateway pods the ingress path goes through: a gateway chart's pods (no sidecar, an <c>istio</c> label) other than the east-west gateway.</summary>
    internal static bool IsIngressPod(Workload w) =>
        !w.HasSidecar && w.Labels.TryGetValue("istio", out var istio) && istio != IstioLabels.EastWestSelector;

    /// <summary>
    /// The listener on the pod's port and its routes. A Gateway applies to a pod whose labels hold its
    /// selector, in any namespace (pilot/pkg/model/push_context.go, mergeGateways; PILOT_SCOPE_GATEWAY_TO_NAMESPACE
    /// is off by default, pilot/pkg/features/pilot.go). A server's port is a Service port of the pod turned into
    /// its targetPort, or the number itself where no Service port matches (pilot/pkg/model/gateway.go, resolvePorts),
    /// all at 1.30.3 and 1.31.0-rc.0.
    /// </summary>
    private void GatewayPod(TraceRun run, ClusterView cluster, Workload pod, int podPort, TraceRequest request, double share, int depth)
    {
        var selecting = cluster.GatewayServers.Where(s => pod.Matches(s.Selector)).ToList();
        if (selecting.Count == 0)
        {
            run.Fail(depth, "gateway", FailureMessages.NoGatewayForPod(pod.ToString(), pod.Labels, Unselected(cluster, null)), share, pod.Source);
            return;
        }

        int Listener(GatewayServerView s) => GatewayListener(cluster, pod, s.Port);
        var onPort = selecting.Where(s => Listener(s) == podPort).ToList();
        if (onPort.Count == 0)
        {
            run.Fail(depth, "gateway", FailureMessages.NoGatewayServerOnPort(pod.ToString(), podPort, selecting.Select(s => (s.GatewayName, s.Port, Listener(s)))), share, selecting[0].Gateway);
            return;
        }

        var servers = onPort.Where(s => s.IsPlainHttp).ToList();
        if (servers.Count == 0)
        {
            run.Fail(depth, "gateway", FailureMessages.GatewayProtocolNotTraced(onPort[0].GatewayName, onPort[0].Port, onPort[0].Protocol, onPort[0].TlsMode), share, onPort[0].Gateway);
            return;
        }

        if (run.Explain)
        {
            run.Hop(depth, "gateway", $"{pod} listens on {podPort} for " + string.Join("; ", servers.Select(s => $"{s.GatewayName} (port {s.Port} {s.Protocol}, hosts {string.Join(" ", s.Hosts)})")), servers[0].Gateway);
        }

        var virtualHosts = IngressRoutes.Build(servers, cluster.GatewayVirtualServicesFor(pod.Namespace));
        var domain = GatewayHosts.VirtualHost(virtualHosts.Keys, request.Authority);
        if (domain is null)
        {
            run.Fail(depth, "host", virtualHosts.Count == 0
                    ? FailureMessages.NoVirtualHostBound(servers.Select(s => s.GatewayName), podPort, Unselected(cluster, request.Authority))
                    : FailureMessages.NoVirtualHostMatch(request.Authority, podPort, virtualHosts.Keys, Unselected(cluster, request.Authority)), share, servers[0].Gateway);
            return;
        }

        var routes = virtualHosts[domain];
        var selected = IngressRoutes.Select(routes, request.Headers, request.Path);
        if (selected.Rule is null)
        {
            run.Fail(depth, "route", FailureMessages.NoIngressRouteMatch(domain, request.Path, request.Headers.Keys.Any(k => k != "host"), routes.Select(r => ($"{r.Service.Source.Namespace}/{r.Service.Source.Name}", r.Rule.Index, r.Rule.MatchText))), share, routes[0].Service.Source);
            return;
        }

        if (selected.Rule.Delegate is { } delegateTo)
        {
            run.Fail(depth, "route", FailureMessages.DelegateNotTraced($"{selected.Service.Source.Namespace}/{selected.Service.Source.Name}", selected.Rule.Index, delegateTo), share, selected.Service.Source);
            return;
        }

        run.Retry = selected.Rule.Retries;
        run.RouteDestinations = selected.Rule.Destinations.Length;
        if (run.Explain)
        {
            run.Hop(depth, "route", $"host {domain}, rule {selected.Rule.Index} ({selected.Rule.MatchText})" + OwnAnswerText(selected.Rule), selected.Service.Source);
        }

        var destinations = selected.Rule.Destinations;
        var total = destinations.Length == 1 ? 0 : destinations.Sum(d => d.Weight);
        foreach (var destination in destinations)
        {
            var part = share * (total == 0 ? 1.0 : (double)destination.Weight / total);
            if (part <= 0)
            {
                continue;
            }

            Destination(run, cluster, pod, destination.Host, destination.Subset, DestinationPort(cluster, destination, podPort), part);
        }
    }

    /// <summary>
    /// The pod port a Gateway server's port listens on: the targetPort of the pod's Service port of that number, else the
    /// number itself (pilot/pkg/model/gateway.go, resolvePorts with the legacy label selector, 1.30.3 and 1.31.0-rc.0).
    /// </summary>
    internal static int GatewayListener(ClusterView cluster, Workload pod, int serverPort) =>
        cluster.Services.Where(s => !s.FromServiceEntry && !s.Selector.IsEmpty && s.Namespace == pod.Namespace && pod.Matches(s.Selector))
            .SelectMany(v => v.Ports).FirstOrDefault(p => p.Number == serverPort)?.PodPort(pod) ?? serverPort;

    /// <summary>Gateways that would serve the host but select no ingress pod: why a request finds no route.</summary>
    private static List<(string Gateway, IReadOnlyDictionary<string, string> Selector)> Unselected(ClusterView cluster, string? authority)
    {
        var pods = cluster.Workloads.Where(IsIngressPod).ToList();
        var hosts = authority is null ? null : GatewayHosts.StripPort(authority).ToLowerInvariant();
        var idle = cluster.GatewayServers
            .Where(s => s.TlsMode != "AUTO_PASSTHROUGH" && !pods.Any(p => p.Matches(s.Selector)))
            .Where(s => hosts is null || s.Hosts.Any(h => GatewayHosts.SubsetOf(hosts, h.Split('/', 2)[^1])))
            .Select(s => (s.GatewayName, (IReadOnlyDictionary<string, string>)s.Selector));
        return [.. idle];
    }
}
