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
    /// <summary>
    /// The kubeconfig given as a Pulumi secret, whose value the model never holds; <see cref="Kubeconfig"/>
    /// is then null. Null when the kubeconfig is a path, plain contents, or the ambient one.
    /// </summary>
    public SecretKubeconfig? SecretKubeconfig { get; init; }

    /// <summary>The spec of one of the cluster's gateways; the ingress gateway must be configured.</summary>
    public GatewaySpec Gateway(GatewayKind kind) =>
        kind == GatewayKind.EastWest ? EastWestGateway
        : IngressGateway ?? throw new InvalidOperationException($"Cluster '{Name}' has no ingress gateway.");

    /// <summary>The namespace one of the cluster's gateways runs in (release, pods, Service).</summary>
    public string GatewayNamespace(GatewayKind kind) => Gateway(kind).Namespace ?? Istio.IstioLabels.GatewayNamespace(kind);

    /// <summary>
    /// The in-cluster name of the cluster's own east-west gateway Service: this cluster's own endpoint
    /// of every global host it serves.
    /// </summary>
    public string EastWestGatewayLocalHost => $"{Istio.IstioLabels.EastWestGatewayName}.{GatewayNamespace(GatewayKind.EastWest)}{Istio.IstioNames.ClusterLocalSuffix}";

    /// <summary>
    /// The cluster's locality as Istio writes it (<c>region/zone</c>), from the labels <c>region</c> and
    /// <c>zone</c> (or their <c>topology.kubernetes.io/</c> forms); null when the stack names no region.
    /// It should match the nodes' own topology labels, from which Istio reads a client's locality.
    /// </summary>
    public string? Locality
    {
        get
        {
            var region = Labels.GetValueOrDefault("region") ?? Labels.GetValueOrDefault(RegionLabel);
            var zone = Labels.GetValueOrDefault("zone") ?? Labels.GetValueOrDefault(ZoneLabel);
            return region is null ? null : zone is null ? region : $"{region}/{zone}";
        }
    }

    public const string RegionLabel = "topology.kubernetes.io/region";
    public const string ZoneLabel = "topology.kubernetes.io/zone";
}
