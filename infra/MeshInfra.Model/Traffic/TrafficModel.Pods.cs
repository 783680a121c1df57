using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Traffic;

/// <summary>The last hop: delivery to pods, the inbound mTLS mode, the peer's identity and trust, and the server's authorization.</summary>
public sealed partial class TrafficModel
{
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
    /// A client without a sidecar, or a sidecar passing a host its Sidecar does not import through PassthroughCluster
    /// (<paramref name="passedThrough"/>), reaches a Service's pods through kube-proxy in plaintext: a pod whose sidecar
    /// enforces STRICT mTLS on the port refuses it (the inbound listener has only the mTLS filter chain).
    /// Istio 1.30.3 and 1.31.0-rc.0: pilot/pkg/security/authn/policy_applier.go, ComposePeerAuthentication
    /// (the mode), and pilot/pkg/networking/core/filterchain_options.go, getFilterChainMatchOptions (STRICT
    /// gives only the TLS filter chains; PERMISSIVE adds the plaintext ones), the same at both tags.
    /// </summary>
    private void Plaintext(TraceRun run, ClusterView cluster, RegistryService service, int port, ObjectRef? passedThrough = null)
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
                run.Fail(2, "mtls", FailureMessages.PlaintextRefused(pod.ToString(), targetPort, mtls.Mode, mtls.DecidedBy, passedThrough is null ? null : (passedThrough, service.Host, port)), share, mtls.DecidedBy);
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
}
