using System.Collections.Immutable;
using MeshInfra.Model.Addressing;
using MeshInfra.Model.Federation;

namespace MeshInfra.Model.Config;

/// <summary>One stack's mesh, validated: the only input the planner accepts.</summary>
public sealed record MeshSpec(
    string MeshId,
    IstioSpec Istio,
    string GlobalDomain,
    Ipv4Cidr AddressPool,
    TrustSpec Trust,
    MtlsMode Mtls,
    ImmutableArray<ClusterSpec> Clusters,
    ImmutableArray<ServiceSpec> Services,
    ImmutableArray<RouteSpec> Routes,
    SamplesSpec Samples,
    ImmutableArray<FederatedObjectSpec> Federated)
{
    public const string DefaultGlobalDomain = "global";
    public const string DefaultTrustDomain = "cluster.local";

    /// <summary>The mesh's one SPIFFE trust domain (meshConfig.trustDomain in every cluster).</summary>
    public string TrustDomain { get; init; } = DefaultTrustDomain;

    /// <summary>Outlier detection on every global host's DestinationRule.</summary>
    public OutlierDetectionSpec OutlierDetection { get; init; } = OutlierDetectionSpec.Default;

    /// <summary>How every global host's ServiceEntry resolves its gateway endpoints (<c>mesh.endpointResolution</c>).</summary>
    public EndpointResolution EndpointResolution { get; init; } = EndpointResolution.Dns;

    /// <summary>What the parser accepted but wants changed (e.g. a chart source Istio is retiring); printed, never fatal.</summary>
    public ImmutableArray<ConfigError> Warnings { get; init; } = [];

    public ClusterSpec Cluster(string name) => Clusters.First(c => c.Name == name);

    public string GlobalHost(ServiceSpec service) => $"{service.Name}.{service.Namespace}.{GlobalDomain}";
}
