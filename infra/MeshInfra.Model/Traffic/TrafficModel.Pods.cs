using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Traffic;

/// <summary>The last hop: delivery to pods, the inbound mTLS mode, the peer's identity and trust, and the server's authorization.</summary>
public sealed partial class TrafficModel
{
    /// <summary>Direct delivery to the pods of a Kubernetes Service on one of its ports (sidecar to sidecar, or kube-proxy).</summary>
    private void Spread(TraceRun run, ClusterView cluster, RegistryService service, ServicePortView port, double share, int depth, SubsetView? subset, TlsSettings? tls = null)
    {
        if (Serving(run, cluster, service, port, subset, share, depth) is not { } pods)
        {
            return;
        }

        foreach (var (pod, podPort) in pods)
        {
            Arrive(run, cluster, pod, tls ?? TlsSettings.None, share / pods.Count, depth + 1, podPort);
        }
    }

    /// <summary>
    /// The pods behind one port of a Kubernetes Service, each with the port it serves it on: those the selector (and
    /// the subset) picks, less those Kubernetes leaves out of the port's endpoints because none of their containers
    /// declares the port's named targetPort (<see cref="ServicePortView.PodPort"/>). Null, after the failure, when none is left.
    /// </summary>
    private static List<(Workload Pod, int Port)>? Serving(TraceRun run, ClusterView cluster, RegistryService service, ServicePortView port, SubsetView? subset, double share, int depth)
    {
        var selected = EastWestGateways.Selected(cluster, service, subset).ToList();
        if (selected.Count == 0)
        {
            run.Fail(depth, "endpoints", FailureMessages.NoPods(service.Host, subset?.Labels), share, service.Source);
            return null;
        }

        var serving = selected.Select(p => (Pod: p, Port: port.PodPort(p))).Where(p => p.Port is not null).Select(p => (p.Pod, p.Port!.Value)).ToList();
        if (serving.Count < selected.Count && port.TargetPortName is { } name)
        {
            var missing = selected.Where(p => port.PodPort(p) is null).Select(p => p.ToString()).ToList();
            if (serving.Count == 0)
            {
                run.Fail(depth, "endpoints", FailureMessages.NoNamedTargetPort(service.Host, port.Number, name, port.Transport, missing), share, service.Source);
                return null;
            }

            if (run.Explain)
            {
                run.Hop(depth, "endpoints", $"port {port.Number} of {service.Host} leaves out {string.Join(", ", missing)}: no container port named {name} ({port.Transport})", service.Source);
            }
        }

        return serving;
    }

    /// <summary>
    /// The Service port kube-proxy has a rule for, or null after the failure: kube-proxy programs one rule per port a
    /// Service declares, so a connection to the ClusterIP on any other port is never sent to a pod (kubernetes
    /// pkg/proxy/iptables/proxier.go, syncProxyRules, "Capture the clusterIP": a KUBE-SERVICES rule for the ClusterIP
    /// and each declared port only; pkg/proxy/nftables/proxier.go rejects the rest, "Reject traffic to invalid ports
    /// of ClusterIPs"). The same failure the sidecar path gives a port without a listener.
    /// </summary>
    private static ServicePortView? KubeProxyPort(TraceRun run, RegistryService service, int port, double share, int depth)
    {
        if (service.Port(port) is { } declared)
        {
            return declared;
        }

        run.Fail(depth, "kube-proxy", FailureMessages.NoServicePort(service.Host, port, service.Ports.Select(p => p.Number)), share, service.Source);
        return null;
    }

    /// <summary>
    /// A client without a sidecar, or a sidecar passing a host its Sidecar does not import through PassthroughCluster
    /// (<paramref name="passedThrough"/>), reaches a Service's pods through kube-proxy in plaintext: a pod whose sidecar
    /// enforces STRICT mTLS on the port refuses it (the inbound listener has only the mTLS filter chain).
    /// Istio 1.30.3 and 1.31.0-rc.0: pilot/pkg/security/authn/policy_applier.go, ComposePeerAuthentication
    /// (the mode), and pilot/pkg/networking/core/filterchain_options.go, getFilterChainMatchOptions (STRICT
    /// gives only the TLS filter chains; PERMISSIVE adds the plaintext ones), the same at both tags.
    /// </summary>
    private void Plaintext(TraceRun run, ClusterView cluster, RegistryService service, ServicePortView port, string? passedThrough = null)
    {
        if (Serving(run, cluster, service, port, null, 1, 1) is not { } pods)
        {
            return;
        }

        run.Sender = null;
        foreach (var (pod, podPort) in pods)
        {
            var share = 1.0 / pods.Count;
            if (pod.HasSidecar && cluster.PeerMtlsFor(pod, podPort) is { RefusesPlaintext: true } mtls)
            {
                run.Fail(2, "mtls", FailureMessages.PlaintextRefused(pod.ToString(), podPort, mtls.Mode, mtls.DecidedBy, passedThrough), share, mtls.DecidedBy);
                continue;
            }

            Arrive(run, cluster, pod, TlsSettings.None, share, 2, podPort);
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
}
