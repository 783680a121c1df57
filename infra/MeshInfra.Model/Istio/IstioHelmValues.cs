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
    public static MapNode Istiod(MeshSpec mesh, ClusterSpec cluster, string? revision) => Istiod(mesh, cluster, revision, mesh.Istio.Version);

    /// <summary>istiod of one revision at <paramref name="version"/> (a canary's old control plane runs the version it came from).</summary>
    public static MapNode Istiod(MeshSpec mesh, ClusterSpec cluster, string? revision, string version)
    {
        // Digests name the stack's version's images: an old control plane kept during a canary keeps its tags.
        var digests = version == mesh.Istio.Version ? mesh.Istio.ImageDigests : ImageDigests.None;
        var proxyImage = digests.Proxy is { } proxy ? ImageDigests.Reference(mesh.Istio.Hub, "proxyv2", version, proxy) : null;
        var global = MapNode.Of(
            ("enableReaderRBAC", false),
            ("hub", mesh.Istio.Hub),
            ("meshID", mesh.MeshId),
            ("multiCluster", MapNode.Of(("clusterName", cluster.Name))),
            ("network", cluster.Network),
            // A full reference ("contains \"/\"") is used as given by the injection templates, for every
            // sidecar and, through the gateway template, both gateways (files/injection-template.yaml,
            // gateway-injection-template.yaml); proxy_init is the init container's (1.30.3 and 1.31.0-rc.0).
            ("proxy", proxyImage is null ? null : MapNode.Of(("image", proxyImage))),
            ("proxy_init", proxyImage is null ? null : MapNode.Of(("image", proxyImage))));
        // DNS proxying lets sidecars answer .global names even where CoreDNS is left alone.
        var proxyMetadata = MapNode.Of(("ISTIO_META_DNS_CAPTURE", "true"));
        // One trust domain for the mesh: clients check servers' SPIFFE identities in it, and
        // AuthorizationPolicy principals name it.
        var meshConfig = MapNode.Of(("trustDomain", mesh.TrustDomain), ("defaultConfig", MapNode.Of(("proxyMetadata", proxyMetadata))));
        // No revisionTags: the "default" tag is MeshInfra's own object (RevisionTagWebhook), so it can
        // move from one revision to the next in place; a tag inside a release could only move by one
        // release deleting it and another creating it.
        // istio-discovery templates/deployment.yaml takes `image` as given when it contains "/" (1.30.3 and 1.31.0-rc.0).
        var pilotImage = digests.Pilot is { } pilot ? ImageDigests.Reference(mesh.Istio.Hub, "pilot", version, pilot) : null;
        return MapNode.Of(
            ("revision", revision),
            ("image", pilotImage),
            ("global", global),
            ("meshConfig", meshConfig),
            ("env", RotationEnv(mesh.Trust.Rotation)),
            (ReleaseMarker.ValuesKey("istiod")!, ReleaseMarker.Annotations()));
    }

    /// <summary>
    /// While a root rotation runs, istiod takes a changed cacerts root-cert.pem without a restart only
    /// with ISTIO_MULTIROOT_MESH on: otherwise pilot/pkg/bootstrap/istio_ca.go handleEvent logs "Multi
    /// root is disabled, updating new ROOT-CA not supported" and keeps the old bundle; with it, a bundle
    /// that adds roots to, or drops roots from, the current one is loaded (pemBundleHasSubsetRelation),
    /// and updateRootCertAndGenKeyCert (certcontroller.go) hands it to the istio-ca-root-cert writer and
    /// the trust bundle pushed to proxies (1.30.3 and 1.31.0-rc.0). The chart passes `env` to istiod's
    /// container (istio-discovery templates/deployment.yaml, both tags). Setting it restarts istiod once,
    /// when the rotation starts; it is removed when the rotation is finished (phase none).
    /// </summary>
    private static MapNode? RotationEnv(RootRotationSpec rotation) =>
        rotation.InProgress ? MapNode.Of(("ISTIO_MULTIROOT_MESH", "true")) : null;

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
            // On the Deployment's metadata, not its pods: see ReleaseMarker.
            (ReleaseMarker.ValuesKey("gateway")!, ReleaseMarker.Annotations()),
            ("rbac", readsSecrets ? null : MapNode.Of(("enabled", false))),
            ("service", MapNode.Of(("type", "None"))));
}
