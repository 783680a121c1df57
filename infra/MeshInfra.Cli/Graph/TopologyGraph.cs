using System.Collections.Immutable;
using MeshInfra.Cli.Summary;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Graph;

/// <summary>
/// The mesh's topology as a graph: networks holding clusters, each with its workloads, east-west
/// gateway, ingress gateway and routes; the global hosts with their addresses; dashed edges from the
/// clusters that consume a host, solid edges to the east-west gateways of the clusters that serve it.
/// Built in config order, so the same plan gives the same graph.
/// </summary>
public sealed record TopologyGraph(string Name, ImmutableArray<GraphGroup> Groups, ImmutableArray<GraphEdge> Edges)
{
    public static TopologyGraph From(MeshPlan plan) => From(plan, PlanFilter.All(plan));

    /// <summary>The graph of what <paramref name="filter"/> keeps; an edge only between two kept nodes.</summary>
    public static TopologyGraph From(MeshPlan plan, PlanFilter filter)
    {
        var spec = plan.Spec;
        var ids = new NodeIds();
        string Workloads(string cluster) => ids.For("cl", cluster + "_workloads");
        string EastWest(string cluster) => ids.For("cl", cluster + "_eastwest");
        string Host(string host) => ids.For("host", host);
        string Route(string cluster, string service) => ids.For("cl", cluster + "_route_" + service);

        var edges = new List<GraphEdge>();
        var networks = new List<GraphGroup>();
        var kept = spec.Clusters.Where(c => filter.KeepsCluster(c.Name)).ToList();
        var keptNames = kept.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var network in kept.Select(c => c.Network).Distinct(StringComparer.Ordinal))
        {
            var clusters = new List<GraphGroup>();
            foreach (var cluster in kept.Where(c => c.Network == network))
            {
                var nodes = new List<GraphNode>
                {
                    new(Workloads(cluster.Name), "workloads", NodeShape.Workloads),
                    new(EastWest(cluster.Name), $"east-west gateway\n:{IstioLabels.EastWestPort}, {GatewayText.Mode(cluster.EastWestGateway.AddressMode)}", NodeShape.Gateway),
                };
                if (cluster.IngressGateway is { } ingress)
                {
                    nodes.Add(new(ids.For("cl", cluster.Name + "_ingress"), $"ingress gateway\n{GatewayText.Mode(ingress.AddressMode)}", NodeShape.Gateway));
                }

                foreach (var route in spec.Routes.Where(r => r.Clients.Contains(cluster.Name) && filter.KeepsRoute(r, spec.GlobalDomain)))
                {
                    var service = $"{route.Service}.{route.Namespace}";
                    var label = string.Join("\n", route.Rules.Select(RouteText.Rule).Prepend($"route {service}"));
                    var id = Route(cluster.Name, service);
                    nodes.Add(new(id, label, NodeShape.Route));
                    edges.Add(new(Workloads(cluster.Name), id, null, Dashed: true));
                    edges.Add(new(id, Host($"{service}.{spec.GlobalDomain}"), null, Dashed: true));
                }

                clusters.Add(new GraphGroup(ids.For("cl", cluster.Name), $"cluster {cluster.Name}", [], [.. nodes]));
            }

            networks.Add(new GraphGroup(ids.For("net", network), $"network {network}", [.. clusters], []));
        }

        var hosts = new List<GraphNode>();
        foreach (var host in plan.GlobalHosts.Where(h => filter.KeepsHost(h.Host)))
        {
            hosts.Add(new(Host(host.Host), $"{host.Host}\n{host.Address}", NodeShape.GlobalHost));
            foreach (var consumer in host.ConsumerClusters.Where(keptNames.Contains))
            {
                var routed = spec.Routes.Any(r => r.Clients.Contains(consumer) && $"{r.Service}.{r.Namespace}.{spec.GlobalDomain}" == host.Host);
                if (!routed)
                {
                    edges.Add(new(Workloads(consumer), Host(host.Host), null, Dashed: true));
                }
            }

            foreach (var server in host.ServingClusters.Where(keptNames.Contains))
            {
                var versions = host.Service.VersionsIn(server);
                edges.Add(new(Host(host.Host), EastWest(server), versions.IsEmpty ? null : string.Join(" ", versions), Dashed: false));
            }
        }

        var hostGroup = new GraphGroup("global_hosts", $"global hosts (*.{spec.GlobalDomain})", [], [.. hosts]);
        return new TopologyGraph(spec.MeshId, [.. networks, hostGroup], [.. edges]);
    }
}
