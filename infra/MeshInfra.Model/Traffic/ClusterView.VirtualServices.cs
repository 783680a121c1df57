namespace MeshInfra.Model.Traffic;

/// <summary>Which VirtualService a sidecar uses for a host, in Istio's order.</summary>
public sealed partial class ClusterView
{
    /// <summary>
    /// The VirtualService a sidecar in <paramref name="proxyNamespace"/> applies to a host: the first of
    /// <see cref="VirtualServicesFor"/> that names it. The sidecar builds one virtual host per name; a later
    /// VirtualService for a name already built is dropped as a duplicate domain (pilot/pkg/networking/core/httproute.go,
    /// buildSidecarOutboundHTTPRouteConfig's buildVirtualHost, and route/route.go, BuildSidecarVirtualHostWrapper,
    /// 1.30.3 and 1.31.0-rc.0). Exact hosts only: a VirtualService's wildcard host is not modelled.
    /// </summary>
    public VirtualServiceView? VirtualServiceFor(string host, string proxyNamespace) =>
        virtualServices.TryGetValue(host, out var list)
            ? list.Select(v => (View: v, Rank: VisibilityRank(v, proxyNamespace))).Where(v => v.Rank >= 0).OrderBy(v => v.Rank).Select(v => v.View).FirstOrDefault()
            : null;

    /// <summary>
    /// The mesh VirtualServices a sidecar in <paramref name="proxyNamespace"/> sees, in the order istiod hands
    /// them over: those private to its namespace, then those exported to it by name, then the public ones,
    /// each oldest first (<see cref="CreationOrder"/>). Istio 1.30.3 and 1.31.0-rc.0:
    /// pilot/pkg/model/virtualservice.go, SelectVirtualServices (loopAndAdd over privateByNamespaceAndGateway,
    /// exportedToNamespaceByGateway, publicByGateway), filled by push_context.go, initVirtualServices. A
    /// Gateway-API VirtualService's same-namespace preference (UnifiedSidecarScoping) is not modelled.
    /// </summary>
    public IEnumerable<VirtualServiceView> VirtualServicesFor(string proxyNamespace) =>
        meshVirtualServices.Select(v => (View: v, Rank: VisibilityRank(v, proxyNamespace))).Where(v => v.Rank >= 0).OrderBy(v => v.Rank).Select(v => v.View);

    /// <summary>
    /// 0 private to the proxy's namespace, 1 exported to it, 2 public, -1 unseen (push_context.go,
    /// initVirtualServices: <c>*</c> makes it public whatever else is listed, <c>~</c> hides it, <c>.</c> or its
    /// own namespace makes it private; 1.31.0-rc.0 turns <c>.</c> into the namespace in the controller first).
    /// </summary>
    private int VisibilityRank(VirtualServiceView vs, string proxyNamespace)
    {
        var exportTo = vs.ExportTo.IsEmpty ? DefaultVirtualServiceExportTo : vs.ExportTo;
        if (exportTo.Contains("*"))
        {
            return 2;
        }

        if (exportTo.Contains("~"))
        {
            return -1;
        }

        if (vs.Namespace == proxyNamespace)
        {
            return exportTo.Any(e => e == "." || e == vs.Namespace) ? 0 : -1;
        }

        return exportTo.Contains(proxyNamespace) ? 1 : -1;
    }
}
