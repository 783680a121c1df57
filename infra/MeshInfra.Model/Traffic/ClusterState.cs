using System.Collections.Immutable;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// What one cluster holds, as the traffic model's input: the objects (the documents `render`
/// writes, or what a live cluster returns), the Helm values of each release, and MeshInfra's
/// CoreDNS server block. <see cref="Locality"/> is an assumption: the region/zone its nodes carry.
/// Deferred values in the documents (gateway addresses) are read through the model's resolver.
/// </summary>
public sealed record ClusterState(
    string Name,
    string? Locality,
    ImmutableArray<MapNode> Objects,
    ImmutableSortedDictionary<string, MapNode> ReleaseValues,
    string? CorednsServerBlock)
{
    /// <summary>
    /// The namespace of each release, where known (a render's <c>.release.yaml</c>, the plan). A gateway's
    /// namespace decides which DestinationRules it sees; a release not listed is taken to be where
    /// MeshInfra installs it (<see cref="ReleaseNamespace"/>).
    /// </summary>
    public ImmutableSortedDictionary<string, string> ReleaseNamespaces { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>
    /// The kube-system ConfigMap that holds <see cref="CorednsServerBlock"/>: <c>coredns</c> (the Corefile) or, in
    /// coredns-custom mode, <c>coredns-custom</c>. CoreDNS answers from the block name it as what decided them.
    /// </summary>
    public string CorednsConfigMap { get; init; } = Planning.PlannedDnsChange.CorefileConfigMap;

    /// <summary>The roots the cluster's workloads trust and chain to; null when unknown (no TLS hop is checked for trust).</summary>
    public ClusterTrust? Trust { get; init; }

    /// <summary>
    /// istiod's Helm values, where the model reads meshConfig: the release <c>istiod</c>, else the first
    /// <c>istiod-&lt;revision&gt;</c> in ordinal order (an istiod with a revision is always that release,
    /// <see cref="Config.IstioSpec.IstiodRelease"/>). During a canary upgrade two releases run; both carry the
    /// same meshConfig, which IstioHelmValues builds from the mesh alone, so which one is read does not change
    /// the answer. Null when no istiod release is known.
    /// </summary>
    public MapNode? IstiodValues =>
        ReleaseValues.GetValueOrDefault(IstiodRelease) ?? IstiodReleases.Select(r => r.Value).FirstOrDefault();

    /// <summary>The values of every istiod release: <c>istiod</c> and each <c>istiod-&lt;revision&gt;</c>.</summary>
    public IEnumerable<KeyValuePair<string, MapNode>> IstiodReleases =>
        ReleaseValues.Where(r => r.Key == IstiodRelease || r.Key.StartsWith(IstiodRelease + "-", StringComparison.Ordinal));

    /// <summary>The release name of a revision-less istiod; one with a revision is <c>istiod-&lt;revision&gt;</c>.</summary>
    public const string IstiodRelease = "istiod";

    /// <summary>The namespace a release runs in: as recorded, else MeshInfra's default for its name.</summary>
    public string ReleaseNamespace(string release) =>
        ReleaseNamespaces.GetValueOrDefault(release) ?? release switch
        {
            Istio.IstioLabels.EastWestGatewayName => Istio.IstioLabels.EastWestNamespace,
            Istio.IstioLabels.IngressGatewayName => Istio.IstioLabels.IngressNamespace,
            _ => Istio.IstioLabels.IstioSystem,
        };
}
