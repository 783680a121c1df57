namespace MeshInfra.Model.Traffic;

/// <summary>Which VirtualService a sidecar uses for a host, in Istio's order.</summary>
public sealed partial class ClusterView
{
    private List<(string Host, VirtualServiceView Vs)> wildcardVirtualServices = [];

    /// <summary>
    /// The VirtualService a sidecar in <paramref name="proxyNamespace"/> applies to a service's host: among the
    /// VirtualServices it sees, in the order of <see cref="VirtualServicesFor"/>, the first that names the host
    /// exactly, else the first whose wildcard host (<c>*.global</c>, <c>*</c>) is the longest that covers it: an
    /// exact VirtualService always beats a wildcard one, whatever their age or visibility, and a wildcard one takes
    /// only the services no more specific one claims. Istio 1.30.3 and 1.31.0-rc.0: pilot/pkg/model/sidecar.go,
    /// computeWildcardHostVirtualServiceIndex (MostSpecificHostMatch over the first VirtualService per exact and per
    /// wildcard host), used by pilot/pkg/networking/core/route/route.go, separateVSHostsAndServices; a later
    /// VirtualService for a name already built is dropped as a duplicate domain (httproute.go,
    /// buildSidecarOutboundHTTPRouteConfig, and route.go, BuildSidecarVirtualHostWrapper).
    /// </summary>
    public VirtualServiceView? VirtualServiceFor(string host, string proxyNamespace)
    {
        if (virtualServices.TryGetValue(host, out var exact) && Ranked(exact.Select(v => (host, v))).FirstOrDefault() is { Vs: { } named })
        {
            return named;
        }

        (string Host, VirtualServiceView Vs)? best = null;
        foreach (var candidate in Ranked(wildcardVirtualServices))
        {
            if (HostMatch.SubsetOf(host, candidate.Host) && (best is null || best.Value.Host.Length < candidate.Host.Length))
            {
                best = candidate;
            }
        }

        return best?.Vs;

        IEnumerable<(string Host, VirtualServiceView Vs)> Ranked(IEnumerable<(string Host, VirtualServiceView Vs)> list) =>
            list.Select(c => (Candidate: c, Rank: VisibilityRank(c.Vs, proxyNamespace))).Where(c => c.Rank >= 0).OrderBy(c => c.Rank).Select(c => c.Candidate);
    }

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
    /// The VirtualServices bound to some Gateway that a gateway proxy in <paramref name="proxyNamespace"/> sees, in
    /// the order istiod hands them to it: those private to its namespace, then those exported to it by name, then
    /// the public ones, each oldest first (<see cref="CreationOrder"/>: creation time, then name, then namespace).
    /// The first one's routes come first in a virtual host both serve, so a request both match goes to its
    /// destination. Istio 1.30.3 and 1.31.0-rc.0: pilot/pkg/model/push_context.go, VirtualServicesForGateway
    /// (privateByNamespaceAndGateway, exportedToNamespaceByGateway, publicByGateway, each filled by
    /// initVirtualServices in the order of MergedVirtualServices, which virtualservice_controller.go sorts with
    /// config.go's sortConfigByCreationTime), called with the proxy's ConfigNamespace by gateway.go,
    /// buildGatewayHTTPRouteConfig. A Gateway-API VirtualService's same-namespace preference is not modelled.
    /// </summary>
    public IEnumerable<VirtualServiceView> GatewayVirtualServicesFor(string proxyNamespace) =>
        gatewayVirtualServices.Select(v => (View: v, Rank: VisibilityRank(v, proxyNamespace))).Where(v => v.Rank >= 0)
            .OrderBy(v => v.Rank).ThenBy(v => v.View.Order).Select(v => v.View);

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
