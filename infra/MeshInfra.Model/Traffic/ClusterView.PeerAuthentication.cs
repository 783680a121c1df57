using System.Collections.Immutable;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>The cluster's PeerAuthentications and the mTLS mode a sidecar enforces inbound.</summary>
public sealed partial class ClusterView
{
    /// <summary>
    /// The mTLS mode a pod's sidecar enforces inbound on <paramref name="port"/> (the pod's port): the oldest
    /// workload-level policy (a selector that the pod's labels hold, in the pod's namespace, not the root) over
    /// the oldest namespace-level one (no selector, or an empty one) over the oldest mesh-level one (root
    /// namespace, no selector; a selector there is ignored); an UNSET mode inherits from the wider scope, a
    /// port-level mode of the workload policy replaces it for that port (UNSET there inherits the workload's
    /// result); PERMISSIVE when none applies. Oldest is istiod's order: creation time, then name, then namespace
    /// (<see cref="CreationOrder"/>; a later policy of one scope is ignored). Istio 1.30.3 and 1.31.0-rc.0, the same
    /// at both tags: pilot/pkg/model/authentication.go, initAuthenticationPolicies / addPeerAuthentication (sorted
    /// by sortConfigByCreationTime; only the oldest namespace- or mesh-level policy of a namespace is kept) and
    /// getConfigsForWorkload (the pod's namespace and the root, a selector matched against the pod's labels);
    /// pilot/pkg/security/authn/policy_applier.go, ComposePeerAuthentication and GetMutualTLSModeForPort.
    /// </summary>
    public PeerMtls PeerMtlsFor(Workload pod, int port)
    {
        var (ordered, mesh, ns) = ScopePolicies(pod.Namespace);
        var workload = ordered.FirstOrDefault(p => !p.Selector.IsEmpty && p.Namespace != IstioLabels.IstioSystem && p.Namespace == pod.Namespace && pod.Matches(p.Selector));
        var result = new PeerMtls(PeerMtls.Permissive, null);
        foreach (var policy in new[] { mesh, ns, workload })
        {
            if (policy?.Mode is { } mode)
            {
                result = new PeerMtls(mode, policy.Source);
            }
        }

        if (workload is not null && workload.PortModes.TryGetValue(port, out var portMode) && portMode is not null)
        {
            result = new PeerMtls(portMode, workload.Source);
        }

        return result;
    }

    /// <summary>
    /// The mode istiod infers for a service's namespace when it picks auto mTLS: the oldest namespace-level
    /// policy's mode, an UNSET one inheriting the oldest mesh-level one's, PERMISSIVE when none says
    /// (pilot/pkg/model/authentication.go, addPeerAuthentication and GetNamespaceMutualTLSMode;
    /// push_context.go, BestEffortInferServiceMTLSMode; the same at 1.30.3 and 1.31.0-rc.0).
    /// </summary>
    public string NamespaceMtls(string ns)
    {
        var (_, mesh, own) = ScopePolicies(ns);
        return own?.Mode ?? mesh?.Mode ?? PeerMtls.Permissive;
    }

    /// <summary>
    /// The policies in istiod's order, with the oldest mesh-level one (root namespace, no selector) and the oldest
    /// namespace-level one of <paramref name="ns"/> (no selector, not the root): the two scopes both the inbound
    /// mode and auto mTLS's inferred mode start from.
    /// </summary>
    private (List<PeerAuthenticationView> Ordered, PeerAuthenticationView? Mesh, PeerAuthenticationView? Namespace) ScopePolicies(string ns)
    {
        const string root = IstioLabels.IstioSystem;
        var ordered = peerAuthentications.OrderBy(p => p.Order).ToList();
        return (ordered,
            ordered.FirstOrDefault(p => p.Selector.IsEmpty && p.Namespace == root),
            ordered.FirstOrDefault(p => p.Selector.IsEmpty && p.Namespace != root && p.Namespace == ns));
    }

    private static PeerAuthenticationView ReadPeerAuthentication(MapNode spec, ObjectRef source, DocReader read)
    {
        static string? Mode(string? mode) => mode is null or "UNSET" ? null : mode;
        var ports = ImmutableSortedDictionary.CreateBuilder<int, string?>();
        if (spec["portLevelMtls"] is MapNode portLevel)
        {
            foreach (var entry in portLevel.Entries)
            {
                if (int.TryParse(entry.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port))
                {
                    ports[port] = Mode(read.Str((entry.Value as MapNode)?["mode"]));
                }
            }
        }

        return new PeerAuthenticationView(source.Namespace ?? "default", read.StringMap(spec.At("selector", "matchLabels")), Mode(read.Str(spec.At("mtls", "mode"))), ports.ToImmutable(), source);
    }
}
