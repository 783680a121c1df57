using MeshInfra.Model.Config;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Istio;

/// <summary>
/// Helm values for Istio's base, istiod and gateway charts. Every path set here exists in the
/// chart defaults (or the gateway chart's schema); a test walks them against the real charts.
/// </summary>
public static class IstioHelmValues
{
    /// <summary>
    /// The base chart installs the CRDs. Its default revision (the control plane that validates
    /// config for namespaces without a revision) stays on the old control plane during a canary
    /// upgrade and moves to the new one in the handover run, as Istio's canary docs do; the
    /// <c>default</c> revision tag (<see cref="RevisionTagWebhook"/>) always follows it.
    /// </summary>
    public static MapNode Base(IstioSpec istio) =>
        MapNode.Of(
            ("defaultRevision", istio.DefaultRevision ?? "default"),
            ("global", NoReaderRbac()));

    /// <summary>
    /// No istio-reader service account and cluster role: that role reads every Secret of the cluster
    /// (cacerts included) and exists for remote-secret workflows (base values.yaml: "only needed for
    /// multicluster remote-secret workflows"), which MeshInfra does not use: each cluster learns the
    /// others' services from ServiceEntries, not by reading their API servers. The base chart's
    /// reader-serviceaccount.yaml and istio-discovery's reader-clusterrole.yaml and
    /// reader-clusterrolebinding.yaml render only while <c>dig "global" "enableReaderRBAC" true</c> holds
    /// (1.30.3 and 1.31.0-rc.0); the istiod chart reads the key without declaring it in values.yaml.
    /// </summary>
    private static MapNode NoReaderRbac() => MapNode.Of(("enableReaderRBAC", false));

    public static MapNode Istiod(MeshSpec mesh, ClusterSpec cluster) => Istiod(mesh, cluster, mesh.Istio.Revision);

    /// <summary>
    /// istiod of one revision. The hub is explicit because 1.30 charts default to Google's registry,
    /// which goes dark in December 2026; gateways need none of their own, as istiod's injection
    /// template gives their pods its proxy image.
    /// </summary>
    public static MapNode Istiod(MeshSpec mesh, ClusterSpec cluster, string? revision)
    {
        var global = MapNode.Of(
            ("enableReaderRBAC", false),
            ("hub", mesh.Istio.Hub),
            ("meshID", mesh.MeshId),
            ("multiCluster", MapNode.Of(("clusterName", cluster.Name))),
            ("network", cluster.Network));
        // DNS proxying lets sidecars answer .global names even where CoreDNS is left alone.
        var proxyMetadata = MapNode.Of(("ISTIO_META_DNS_CAPTURE", "true"));
        // One trust domain for the mesh: clients check servers' SPIFFE identities in it, and
        // AuthorizationPolicy principals name it.
        var meshConfig = MapNode.Of(("trustDomain", mesh.TrustDomain), ("defaultConfig", MapNode.Of(("proxyMetadata", proxyMetadata))));
        // No revisionTags: the "default" tag is MeshInfra's own object (RevisionTagWebhook), so it can
        // move from one revision to the next in place; a tag inside a release could only move by one
        // release deleting it and another creating it.
        return MapNode.Of(("revision", revision), ("global", global), ("meshConfig", meshConfig));
    }

    public static MapNode EastWestGateway(ClusterSpec cluster, string? revision = null) => Gateway(
        IstioLabels.EastWestGatewayName,
        IstioLabels.EastWestSelector,
        cluster.EastWestGateway,
        networkGateway: cluster.Network,
        revision,
        // AUTO_PASSTHROUGH forwards the client's mTLS untouched and terminates nothing, so the east-west
        // gateway needs no Secret: no Role (the chart's role.yaml grants get/list/watch on every Secret
        // of the namespace while rbac.enabled, its default, 1.30.3 and 1.31.0-rc.0).
        readsSecrets: false);

    public static MapNode IngressGateway(ClusterSpec cluster, string? revision = null) => Gateway(
        IstioLabels.IngressGatewayName,
        IstioLabels.IngressSelector,
        cluster.IngressGateway ?? throw new ArgumentException($"Cluster {cluster.Name} has no ingress gateway.", nameof(cluster)),
        networkGateway: null,
        revision,
        // The ingress gateway keeps the chart's Role: istiod serves a Gateway's credentialName only to a
        // gateway whose service account may list Secrets in its own namespace (pilot/pkg/credentials/kube/
        // secrets.go, CredentialsController.Authorize, a SubjectAccessReview; called from pilot/pkg/xds/
        // sds.go, filterAuthorizedResources; 1.30.3 and 1.31.0-rc.0). In its own namespace that is only
        // the TLS certificates put there for it.
        readsSecrets: true);

    // revision: which control plane injects the gateway pods (the chart labels them istio.io/rev).
    private static MapNode Gateway(string name, string selector, GatewaySpec gateway, string? networkGateway, string? revision, bool readsSecrets) =>
        // The chart's own Service is switched off ("None", as its values document): MeshInfra declares
        // the gateway Service itself (IstioObjects.GatewayService), so its address is an ordinary
        // resource output (unknown in preview exactly when the Service is new) and a NodePort can be pinned.
        MapNode.Of(
            ("name", name),
            ("revision", revision),
            ("labels", MapNode.OfStrings(new Dictionary<string, string>
            {
                ["app"] = name,
                ["istio"] = selector,
            })),
            ("networkGateway", networkGateway),
            ("rbac", readsSecrets ? null : MapNode.Of(("enabled", false))),
            ("service", MapNode.Of(("type", "None"))));
}
