using MeshInfra.Model.Config;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// Where a cluster's east-west gateway is reachable, as its live Service says: the load balancer's
/// address (ip or hostname) in loadBalancer mode, the NodePort of 15443 beside the configured node
/// address in nodePort mode, the configured address otherwise.
/// </summary>
internal static class LiveGateway
{
    /// <summary>The (address, port) other clusters should dial; null parts where the Service does not say.</summary>
    public static (string? Address, string? Port) Dial(ClusterSpec cluster, LiveObjects? live, DocReader read)
    {
        var gateway = cluster.EastWestGateway;
        var service = live?.Get("Service", cluster.GatewayNamespace(GatewayKind.EastWest), IstioLabels.EastWestGatewayName);
        var port = IstioLabels.EastWestPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return gateway.AddressMode switch
        {
            GatewayAddressMode.LoadBalancer => (service is null ? null : LoadBalancerAddress(service, read), port),
            GatewayAddressMode.NodePort => (gateway.NodeAddress, service is null ? null : NodePort(service, read)),
            _ => (gateway.StaticAddress, port),
        };
    }

    public static string? LoadBalancerAddress(MapNode service, DocReader read) =>
        DocReader.Items(service.At("status", "loadBalancer", "ingress")).OfType<MapNode>()
            .Select(i => read.Str(i["ip"]) ?? read.Str(i["hostname"]))
            .FirstOrDefault(a => a is not null);

    public static string? NodePort(MapNode service, DocReader read) =>
        DocReader.Items(service.At("spec", "ports")).OfType<MapNode>()
            .Where(p => read.Int(p["port"]) == IstioLabels.EastWestPort)
            .Select(p => read.Str(p["nodePort"]))
            .FirstOrDefault(p => p is not null);

    /// <summary>
    /// A resolver that answers gateway addresses, NodePorts and ClusterIPs from the live Services (what the
    /// clusters dial should be what the gateways have now), and anything else as <paramref name="fallback"/> does.
    /// </summary>
    public static Func<DeferredValue, string> Resolver(DoctorRun run, Func<DeferredValue, string> fallback)
    {
        var dials = new Dictionary<string, (string? Address, string? Port)>(StringComparer.Ordinal);
        var clusterIps = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var cluster in run.Plan.Spec.Clusters)
        {
            var live = run.Reachable(cluster.Name);
            dials[cluster.Name] = Dial(cluster, live, run.Read);
            clusterIps[cluster.Name] = run.Read.Str(live?.Get("Service", cluster.GatewayNamespace(GatewayKind.EastWest), IstioLabels.EastWestGatewayName)?.At("spec", "clusterIP"));
        }

        return value => value switch
        {
            GatewayClusterIp c when clusterIps.GetValueOrDefault(c.Cluster) is { } ip => ip,
            GatewayAddress { Gateway: GatewayKind.EastWest } a when dials.GetValueOrDefault(a.Cluster).Address is { } address => address,
            GatewayNodePort { Gateway: GatewayKind.EastWest } p when dials.GetValueOrDefault(p.Cluster).Port is { } port => port,
            _ => fallback(value),
        };
    }
}
