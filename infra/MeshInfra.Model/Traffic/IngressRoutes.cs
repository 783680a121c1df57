namespace MeshInfra.Model.Traffic;

/// <summary>
/// The virtual hosts of a gateway's HTTP route on one port, as pilot/pkg/networking/core/gateway.go,
/// buildGatewayHTTPRouteConfig (1.30.3 and 1.31.0-rc.0) builds them: for each server, each VirtualService
/// bound to the server's Gateway, one virtual host per host in the intersection of the server's hosts
/// (those open to the VirtualService's namespace) and the VirtualService's hosts; a host served twice gets
/// the later routes appended. Envoy matches the Host without its port there (IgnorePortInHostMatching).
/// The VirtualServices come in istiod's order, which the caller gives (<see cref="ClusterView.GatewayVirtualServicesFor"/>:
/// visibility to the gateway's namespace, then creation time, name, namespace), so where two serve one host the
/// first one's routes match first.
/// </summary>
public static class IngressRoutes
{
    public static OrderedDictionary<string, List<(VirtualServiceView Service, HttpRouteView Rule)>> Build(IEnumerable<GatewayServerView> servers, IEnumerable<VirtualServiceView> virtualServices)
    {
        var bound = virtualServices.ToList();
        var hosts = new OrderedDictionary<string, List<(VirtualServiceView, HttpRouteView)>>(StringComparer.Ordinal);
        var added = new HashSet<(string Host, VirtualServiceView Service)>();
        foreach (var server in servers)
        {
            foreach (var vs in bound.Where(v => v.Gateways.Contains(server.GatewayName)))
            {
                foreach (var host in GatewayHosts.Intersection(GatewayHosts.ForNamespace(server.Hosts, vs.Namespace), vs.Hosts))
                {
                    var name = host.ToLowerInvariant();
                    if (!hosts.TryGetValue(name, out var routes))
                    {
                        hosts[name] = routes = [];
                    }

                    // The same VirtualService through a second server of the same port adds routes a first match never reaches.
                    if (added.Add((name, vs)))
                    {
                        routes.AddRange(vs.Http.Select(r => (vs, r)));
                    }
                }
            }
        }

        return hosts;
    }
}
