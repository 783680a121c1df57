using MeshInfra.Model.Config;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Summary;

/// <summary>How other clusters reach a gateway, in words, with placeholders where only the cluster knows.</summary>
public static class GatewayText
{
    public static string Mode(GatewayAddressMode mode) => mode switch
    {
        GatewayAddressMode.LoadBalancer => "loadBalancer",
        GatewayAddressMode.NodePort => "nodePort",
        GatewayAddressMode.Static => "static",
        GatewayAddressMode.ExternalDns => "externalDns",
        _ => mode.ToString(),
    };

    /// <summary>e.g. <c>loadBalancer, reached at ${cluster1.gatewayAddress}:15443</c>.</summary>
    public static string Describe(ClusterSpec cluster, GatewayKind kind, EndpointResolution resolution = EndpointResolution.Dns)
    {
        var gateway = cluster.Gateway(kind);
        var (address, port) = GlobalEndpoints.Gateway(cluster, kind);
        // Who may reach it, when the stack narrows it: a reviewer sees an exposure change in the plan.
        var exposure = (gateway.InternalLoadBalancer is { } cloud ? $", internal load balancer ({Model.Istio.GatewayExposure.Word(cloud)})" : "")
            + (gateway.LoadBalancerSourceRanges.IsEmpty ? "" : $", admits {string.Join(" ", gateway.LoadBalancerSourceRanges)}");
        // Under static resolution the cluster's own sidecars dial it by its Service's ClusterIP.
        var own = kind == GatewayKind.EastWest && resolution == EndpointResolution.Static
            ? $", from inside by {new GatewayClusterIp(cluster.Name).Placeholder}:{Model.Istio.IstioLabels.EastWestPort}"
            : "";
        return $"{Mode(gateway.AddressMode)}, reached at {Text(address)}:{Text(port)}{own}{exposure}";
    }

    private static string Text(ManifestNode node) => node switch
    {
        ScalarNode scalar => Convert.ToString(scalar.Value, System.Globalization.CultureInfo.InvariantCulture)!,
        DeferredNode deferred => deferred.Value.Placeholder,
        _ => node.ToString()!,
    };
}
