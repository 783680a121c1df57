using MeshInfra.Model.Config;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Istio;

/// <summary>
/// Helm values for Istio's base, istiod and gateway charts. Every path set here exists in the
/// chart defaults (or the gateway chart's schema); a test walks them against the real charts.
/// </summary>
public static class IstioHelmValues
{
    /// <summary>The base chart needs nothing beyond its defaults: it installs the CRDs.</summary>
    public static MapNode Base() => MapNode.Of(("defaultRevision", "default"));

    public static MapNode Istiod(MeshSpec mesh, ClusterSpec cluster)
    {
        var global = MapNode.Of(
            ("meshID", mesh.MeshId),
            ("multiCluster", MapNode.Of(("clusterName", cluster.Name))),
            ("network", cluster.Network));
        // DNS proxying lets sidecars answer .global names even where CoreDNS is left alone.
        var proxyMetadata = MapNode.Of(("ISTIO_META_DNS_CAPTURE", "true"));
        // One trust domain for the mesh: clients check servers' SPIFFE identities in it, and
        // AuthorizationPolicy principals name it.
        var meshConfig = MapNode.Of(("trustDomain", mesh.TrustDomain), ("defaultConfig", MapNode.Of(("proxyMetadata", proxyMetadata))));
        return MapNode.Of(("global", global), ("meshConfig", meshConfig));
    }

    public static MapNode EastWestGateway(ClusterSpec cluster) => Gateway(
        IstioLabels.EastWestGatewayName,
        IstioLabels.EastWestSelector,
        cluster.EastWestGateway,
        networkGateway: cluster.Network);

    public static MapNode IngressGateway(ClusterSpec cluster) => Gateway(
        IstioLabels.IngressGatewayName,
        IstioLabels.IngressSelector,
        cluster.IngressGateway ?? throw new ArgumentException($"Cluster {cluster.Name} has no ingress gateway.", nameof(cluster)),
        networkGateway: null);

    private static MapNode Gateway(string name, string selector, GatewaySpec gateway, string? networkGateway) =>
        // The chart's own Service is switched off ("None", as its values document): MeshInfra declares
        // the gateway Service itself (IstioObjects.GatewayService), so its address is an ordinary
        // resource output (unknown in preview exactly when the Service is new) and a NodePort can be pinned.
        MapNode.Of(
            ("name", name),
            ("labels", MapNode.OfStrings(new Dictionary<string, string>
            {
                ["app"] = name,
                ["istio"] = selector,
            })),
            ("networkGateway", networkGateway),
            ("service", MapNode.Of(("type", "None"))));
}
