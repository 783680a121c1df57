using System.Globalization;
using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Traffic;

/// <summary>A request leaving the sidecar for an address: another cluster's east-west gateway, this cluster's own, or a ClusterIP.</summary>
public sealed partial class TrafficModel
{
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

            if (KubeProxyPort(run, local, int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var dialled) ? dialled : -1, share, depth) is not { } servicePort)
            {
                return;
            }

            if (run.Explain)
            {
                run.Hop(depth, "kube-proxy", $"{address} is a ClusterIP: kube-proxy spreads over every pod of {local.Host}, whatever subset was asked", local.Source);
            }

            Spread(run, from, local, servicePort, share, depth, null, tls);
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
            // Istio builds a chain per service port whatever its endpoints (gateway.go, builtAutoPassthroughFilterChains):
            // with none at all, the filter dropped nothing and is not why.
            run.Fail(depth, "gateway", landing.Dropped.IsEmpty
                ? FailureMessages.GatewayClusterEmpty(gateway.Name, tls.Sni, chain.Service.Host)
                : FailureMessages.EmptiedByMtlsFilter(gateway.Name, tls.Sni, landing.Dropped), share, chain.Service.Source);
            return;
        }

        if (run.Explain)
        {
            run.Hop(depth, "endpoints", string.Join("; ", landing.Pods.Select(p => p.ToString()).Concat(landing.Forwards.Select(f => f.Address)))
                + (landing.Dropped.IsEmpty ? "" : $" (dropped by the mTLS filter: {string.Join("; ", landing.Dropped)})"), chain.Service.Source);
        }

        foreach (var pod in landing.Pods)
        {
            Arrive(run, gateway, pod, tls, share / kept, depth + 1, chain.Port.PodPort(pod) ?? chain.Port.Number);
        }

        foreach (var forward in landing.Forwards)
        {
            run.Fail(depth, "gateway", FailureMessages.GatewayForwarding(gateway.Name, forward.Address), share / kept, chain.Service.Source);
            Deliver(run, gateway, forward.Address, PortOf(forward, chain.Port), tls, share / kept, depth + 1, gatewayHops + 1);
        }
    }

    /// <summary>
    /// The port an endpoint is dialled on for a ServiceEntry port: its own mapping, else the port's targetPort, else the
    /// port (pilot/pkg/serviceregistry/serviceentry/conversion.go, convertWorkloadInstanceToServiceInstance: "priority
    /// level: unixAddress > we.ports > se.port.targetPort > se.port.number", 1.30.3 and 1.31.0-rc.0).
    /// </summary>
    internal static string PortOf(SeEndpoint endpoint, ServicePortView servicePort) =>
        endpoint.Ports.GetValueOrDefault(servicePort.Name)
        ?? (servicePort.TargetPort > 0 ? servicePort.TargetPort : servicePort.Number).ToString(CultureInfo.InvariantCulture);

    private static string Labels(IReadOnlyDictionary<string, string> labels) => FailureMessages.Labels(labels);
}
