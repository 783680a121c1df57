using System.Collections.Immutable;
using System.Globalization;
using MeshInfra.Model.Addressing;

namespace MeshInfra.Model.Config;

/// <summary>
/// <c>mesh.endpointResolution: static</c> and what it needs. Istio takes only IPs as the endpoints of a
/// STATIC ServiceEntry: its validation refuses any other address (pkg/config/validation/validation.go,
/// ValidateServiceEntry → validateWorkloadEntry without FQDN addresses), and one that got in anyway is
/// dropped from the EDS cluster without a word (pilot/pkg/xds/endpoints/endpoint_builder.go,
/// BuildClusterLoadAssignment), 1.30.3 and 1.31.0-rc.0. So every east-west gateway another cluster dials
/// must be an IP, checked here where the config gives it, and at deploy time (Pulumi) or at
/// <c>--set</c> (render) where only the cluster knows it.
/// </summary>
public static class StaticEndpointRules
{
    public const string Key = "endpointResolution";

    private const string Fix = "or set mesh.endpointResolution to 'dns'";

    /// <summary>Reads <c>mesh.endpointResolution</c> (default <c>dns</c>).</summary>
    internal static EndpointResolution Parse(ConfigReader r, System.Text.Json.JsonElement config, string root) =>
        r.OneOf(config, Key, root, "dns", "static") == "static" ? EndpointResolution.Static : EndpointResolution.Dns;

    /// <summary>Under static resolution, refuses every east-west gateway of a serving cluster that is dialled by a host name.</summary>
    internal static void Check(ConfigReader r, string root, EndpointResolution resolution, ImmutableArray<ClusterSpec> clusters, IEnumerable<ServiceSpec> services)
    {
        if (resolution != EndpointResolution.Static)
        {
            return;
        }

        var serving = services.SelectMany(s => s.ServingClusters).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < clusters.Length; i++)
        {
            var cluster = clusters[i];
            if (!serving.Contains(cluster.Name))
            {
                continue;
            }

            var path = $"{root}.clusters[{i.ToString(CultureInfo.InvariantCulture)}].gateway";
            var gateway = cluster.EastWestGateway;
            switch (gateway.AddressMode)
            {
                case GatewayAddressMode.ExternalDns:
                    r.Error($"{path}.addressMode", $"'externalDns' dials the gateway by a DNS name, and mesh.endpointResolution 'static' needs an IP (Istio takes only IPs as STATIC endpoints): give the load balancer's IP as 'address' with addressMode 'static', {Fix}");
                    break;
                case GatewayAddressMode.Static when gateway.StaticAddress is { } address && !IsIp(address):
                    r.Error($"{path}.address", $"'{ConfigKeyPath.Clip(address)}' is a DNS name, and mesh.endpointResolution 'static' needs an IP (Istio takes only IPs as STATIC endpoints): give the IP it resolves to, {Fix}");
                    break;
                case GatewayAddressMode.NodePort when gateway.NodeAddress is { } node && !IsIp(node):
                    r.Error($"{path}.nodeAddress", $"'{ConfigKeyPath.Clip(node)}' is a DNS name, and mesh.endpointResolution 'static' needs an IP (Istio takes only IPs as STATIC endpoints): give the node's IP, {Fix}");
                    break;
                case GatewayAddressMode.LoadBalancer when gateway.InternalLoadBalancer == InternalLoadBalancer.Eks:
                    r.Error($"{path}.internalLoadBalancer", $"an AWS load balancer publishes a host name, never an IP, and mesh.endpointResolution 'static' needs an IP (Istio takes only IPs as STATIC endpoints): put a static IP in front of it and give it as 'address' with addressMode 'static', {Fix}");
                    break;
            }
        }
    }

    /// <summary>
    /// What is wrong with a gateway address that only the cluster knows (a load balancer's, given with
    /// <c>--set</c> or read at deploy time) under static resolution; null when it is an IPv4 address.
    /// </summary>
    public static string? DeployTimeProblem(string value) =>
        IsIp(value) ? null
        : $"'{ConfigKeyPath.Clip(value)}' is not an IPv4 address, and mesh.endpointResolution 'static' needs one (Istio takes only IPs as STATIC endpoints; an AWS load balancer publishes a host name): give the IP, {Fix}";

    public static bool IsIp(string text) => Ipv4Address.TryParse(text, out _);
}
