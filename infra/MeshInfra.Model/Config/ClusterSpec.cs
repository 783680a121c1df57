using System.Collections.Immutable;

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
    ImmutableSortedDictionary<string, string> Labels);
