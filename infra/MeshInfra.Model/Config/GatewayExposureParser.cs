using System.Collections.Immutable;
using System.Net;
using System.Text.Json;

namespace MeshInfra.Model.Config;

/// <summary>
/// <c>clusters[].gateway.loadBalancerSourceRanges</c> and <c>clusters[].gateway.internalLoadBalancer</c>:
/// who can reach the east-west gateway's load balancer. Part of <see cref="ClusterConfigParser"/>.
/// </summary>
internal static class GatewayExposureParser
{
    public static GatewaySpec Parse(ConfigReader r, JsonElement gateway, string path, GatewaySpec spec)
    {
        var ranges = ImmutableArray.CreateBuilder<string>();
        foreach (var (item, at) in r.Array(gateway, "loadBalancerSourceRanges", path))
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { } text || !IsNetwork(text))
            {
                var shown = item.ValueKind == JsonValueKind.String ? $"'{ConfigReader.Clip(item.GetString()!)}'" : "this";
                r.Error(at, $"{shown} is not a network in CIDR form with no host bits set, e.g. 203.0.113.0/24 or 2001:db8::/32");
                continue;
            }

            if (text is "0.0.0.0/0" or "::/0")
            {
                r.Warn(at, $"{text} admits every address, as leaving loadBalancerSourceRanges out does; list the networks the other clusters' gateways and nodes connect from");
            }

            ranges.Add(text);
        }

        var cloud = r.OneOf(gateway, "internalLoadBalancer", path, "gke", "eks", "aks") switch
        {
            "gke" => InternalLoadBalancer.Gke,
            "eks" => InternalLoadBalancer.Eks,
            "aks" => InternalLoadBalancer.Aks,
            _ => (InternalLoadBalancer?)null,
        };

        if (spec.AddressMode == GatewayAddressMode.NodePort)
        {
            // A NodePort Service has no cloud load balancer for either to act on.
            foreach (var key in new[] { "loadBalancerSourceRanges", "internalLoadBalancer" }.Where(k => ConfigReader.TryGet(gateway, k, out _)))
            {
                r.Error($"{path}.{key}", "applies to the gateway's load balancer, and addressMode 'nodePort' has none: restrict who reaches the nodes' port in the network's firewall instead");
            }

            return spec;
        }

        return spec with { LoadBalancerSourceRanges = ranges.ToImmutable(), InternalLoadBalancer = cloud };
    }

    /// <summary>
    /// A CIDR as Kubernetes takes it in loadBalancerSourceRanges, with no host bits set (10.0.0.0/8,
    /// not 10.0.0.1/8): .NET's IPNetwork refuses host bits, and an address alone is refused too.
    /// </summary>
    private static bool IsNetwork(string text) =>
        text.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(text, out var network) && string.Equals(network.ToString(), text, StringComparison.OrdinalIgnoreCase);
}
