using System.Collections.Immutable;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Config;

/// <summary>One cluster of the mesh, reached through one kubeconfig context.</summary>
public sealed record ClusterSpec(
    string Name,
    string Context,
    string? Kubeconfig,
    string Network,
    GatewaySpec EastWestGateway,
    GatewaySpec? IngressGateway,
    DnsMode Dns,
    int IntermediateGeneration,
    ImmutableSortedDictionary<string, string> Labels)
{
    /// <summary>The spec of one of the cluster's gateways; the ingress gateway must be configured.</summary>
    public GatewaySpec Gateway(GatewayKind kind) =>
        kind == GatewayKind.EastWest ? EastWestGateway
        : IngressGateway ?? throw new InvalidOperationException($"Cluster '{Name}' has no ingress gateway.");
}
