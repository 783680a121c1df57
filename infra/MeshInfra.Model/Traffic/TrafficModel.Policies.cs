using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The policies a real mesh adds around the paths the model proves: the client's Sidecar (which hosts its
/// proxy knows) and the server's AuthorizationPolicies (which requests its sidecar lets in).
/// </summary>
public sealed partial class TrafficModel
{
    /// <summary>
    /// A host the client's proxy has no listener, route or cluster for: one not exported to the client's namespace
    /// (its exportTo, else meshConfig.defaultServiceExportTo: push_context.go servicesExportedToNamespace, which every
    /// sidecar scope starts from, sidecar.go DefaultSidecarScopeForNamespace and ConvertToSidecarScope), or one the
    /// client's Sidecar does not import. The connection to its address takes the catch-all, PassthroughCluster to the
    /// original address under ALLOW_ANY, BlackHoleCluster (502) under REGISTRY_ONLY (listener_builder.go,
    /// buildOutboundCatchAllNetworkFiltersOnly; httproute.go, buildCatchAllVirtualHost; 1.30.3 and 1.31.0-rc.0).
    /// A passed-through class-E address reaches nothing; a ClusterIP reaches the Service's pods by kube-proxy,
    /// in plaintext. False when the request stops here.
    /// </summary>
    private bool InSidecarScope(TraceRun run, ClusterView cluster, Workload client, RegistryService service, string address, int port)
    {
        var scope = cluster.SidecarFor(client);
        if (cluster.Knows(client, service, port))
        {
            if (run.Explain && scope is not null)
            {
                run.Hop(0, "sidecar", $"Sidecar {scope.Source.Namespace}/{scope.Source.Name} imports {service.Host} on port {port}", scope.Source);
            }

            return true;
        }

        // Export comes first: a Sidecar imports only from what is exported to its namespace.
        var exported = IstioRules.ServiceVisibleTo(service, cluster.DefaultServiceExportTo, client.Namespace);
        var decidedBy = exported ? scope!.Source : service.Source;
        var exportTo = service.ExportTo.IsEmpty ? $"meshConfig.defaultServiceExportTo {string.Join(" ", cluster.DefaultServiceExportTo)}" : string.Join(" ", service.ExportTo);
        var mode = cluster.OutboundTrafficPolicyFor(client);
        if (mode != ClusterView.DefaultOutboundTrafficPolicy || service.FromServiceEntry)
        {
            var blackHoled = mode != ClusterView.DefaultOutboundTrafficPolicy;
            run.Fail(0, "sidecar", (exported, blackHoled) switch
            {
                (false, true) => FailureMessages.NotExportedBlackHoled(client.ToString(), service.Host, client.Namespace, exportTo, address, port, mode),
                (false, false) => FailureMessages.NotExportedPassedThrough(client.ToString(), service.Host, client.Namespace, exportTo, address, port, mode),
                (true, true) => FailureMessages.NotImportedBlackHoled(client.ToString(), scope!.Source, service.Host, port, EgressText(scope), address, mode),
                (true, false) => FailureMessages.NotImportedPassedThrough(client.ToString(), scope!.Source, service.Host, port, EgressText(scope), address, mode),
            }, 1, decidedBy);
            return false;
        }

        if (KubeProxyPort(run, service, port, 1, 0) is not { } servicePort)
        {
            return false;
        }

        var why = FailureMessages.OutOfScope(service.Host, port, client.Namespace, exportTo, exported ? scope!.Source : null);
        if (run.Explain)
        {
            var reason = exported ? $"Sidecar {scope!.Source.Namespace}/{scope.Source.Name} does not import {service.Host} on port {port} (egress hosts: {EgressText(scope)})" : why;
            run.Hop(0, "sidecar", $"{reason}; outboundTrafficPolicy {mode} passes it through, unencrypted, and kube-proxy picks a pod of {service.Host}", decidedBy);
        }

        Plaintext(run, cluster, service, servicePort, why);
        return false;
    }

    private static string EgressText(SidecarView scope) =>
        scope.Egress.IsEmpty ? "*/*" : string.Join("; ", scope.Egress.Select(l => (l.Port is { } p ? $"port {p}: " : "") + string.Join(" ", l.Hosts)));

    /// <summary>
    /// The server pod's sidecar authorizes the request (<see cref="AuthorizationRules"/>); a pod without a sidecar
    /// has no RBAC filter. The peer it sees is the sender's SPIFFE identity whenever the hop is mTLS: an east-west
    /// gateway in AUTO_PASSTHROUGH only forwards the TLS stream by its SNI, with no TLS context and no authz of its
    /// own (pilot/pkg/networking/core/gateway.go, builtAutoPassthroughFilterChains: "We do not want any authz here",
    /// tlsContext nil, 1.30.3 and 1.31.0-rc.0), so the owner's pod sees the client's certificate end to end.
    /// </summary>
    private bool Authorized(TraceRun run, ClusterView cluster, Workload pod, TlsSettings tls, double share, int depth, int podPort)
    {
        if (!pod.HasSidecar)
        {
            return true;
        }

        // mTLS DISABLE gives the inbound listener only plaintext filter chains (filterchain_options.go,
        // getFilterChainMatchOptions: the default case, 1.30.3 and 1.31.0-rc.0): an explicit ISTIO_MUTUAL
        // connection, which the east-west gateway passes through unterminated, is never terminated there.
        if (tls.IstioMutual && cluster.PeerMtlsFor(pod, podPort) is { Mode: "DISABLE" } disabled)
        {
            run.Fail(depth, "mtls", FailureMessages.MtlsDisabledAtServer(pod.ToString(), podPort, disabled.DecidedBy), share, disabled.DecidedBy);
            return false;
        }

        if (cluster.AuthorizationPolicies.Count == 0)
        {
            return true;
        }

        var mtls = tls.IstioMutual || (tls.Mode == "AUTO" && pod.HasSidecar);
        var peer = mtls && run.Sender is { } sender && clusters.TryGetValue(sender.Cluster, out var from)
            ? IstioNames.SpiffeId(from.TrustDomain, sender.Namespace, sender.ServiceAccount)
            : null;
        var verdict = AuthorizationRules.Decide(cluster.AuthorizationPolicies, pod, peer, run.Path, run.Method, podPort);
        if (!verdict.Allowed)
        {
            run.Fail(depth, "authz", verdict.Kind == FailureKind.AuthorizationDenied
                ? FailureMessages.AuthorizationDenied(pod.ToString(), verdict.Text)
                : FailureMessages.AuthorizationNotAllowed(pod.ToString(), verdict.Text), share, verdict.DecidedBy);
            return false;
        }

        if (run.Explain)
        {
            run.Hop(depth, "authz", verdict.Text, verdict.DecidedBy);
        }

        return true;
    }
}
