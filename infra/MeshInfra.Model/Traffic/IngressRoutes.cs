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

    /// <summary>
    /// The route a request takes among a virtual host's routes, as Envoy matches the list istiod builds: each match
    /// block of a rule is one Envoy route (a rule without match one route for every path), a VirtualService's routes
    /// stop after its first catch-all (pilot/pkg/networking/core/route/route.go, BuildHTTPRoutesForVirtualService),
    /// and the gateway moves every catch-all route (path prefix <c>/</c> or regex <c>.*</c>, no header condition)
    /// behind the others, keeping their order (route.go, SortVHostRoutes and IsCatchAllRoute, called by gateway.go,
    /// buildGatewayHTTPRouteConfig; 1.30.3 and 1.31.0-rc.0). So a later VirtualService's <c>/status</c> rule comes
    /// before an earlier one's rule for every path. Default when no route matches.
    /// </summary>
    public static (VirtualServiceView Service, HttpRouteView Rule) Select(IEnumerable<(VirtualServiceView Service, HttpRouteView Rule)> routes, IReadOnlyDictionary<string, string> headers, string path)
    {
        var envoyRoutes = new List<(VirtualServiceView Service, HttpRouteView Rule, int Block, bool CatchAll)>();
        var ended = new HashSet<VirtualServiceView>();
        foreach (var (service, rule) in routes)
        {
            if (ended.Contains(service))
            {
                continue;
            }

            foreach (var block in Enumerable.Range(0, Math.Max(1, rule.Matches.Length)))
            {
                var catchAll = rule.IsCatchAll(block);
                envoyRoutes.Add((service, rule, block, catchAll));
                if (catchAll)
                {
                    ended.Add(service);
                    break;
                }
            }
        }

        var selected = envoyRoutes.Where(r => !r.CatchAll).Concat(envoyRoutes.Where(r => r.CatchAll))
            .FirstOrDefault(r => r.Rule.BlockSelects(r.Block, headers, path));
        return selected.Rule is null ? default : (selected.Service, selected.Rule);
    }
}
