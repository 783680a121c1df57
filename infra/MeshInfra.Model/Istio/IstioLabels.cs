using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Istio;

/// <summary>Label keys and names Istio gives meaning to (reference/istio-1.30.3/FACTS.md).</summary>
public static class IstioLabels
{
    public const string Network = "topology.istio.io/network";
    public const string Injection = "istio-injection";

    /// <summary>Injection by one control-plane revision; Istio ignores it while istio-injection is set.</summary>
    public const string Revision = "istio.io/rev";

    /// <summary>The label the injector puts on every pod it gives a sidecar; Istio's mTLS endpoint filter reads it.</summary>
    public const string TlsModeLabel = "security.istio.io/tlsMode";

    /// <summary>The pod label that opts one pod in (<c>true</c>) or out (<c>false</c>) of injection.</summary>
    public const string SidecarInject = "sidecar.istio.io/inject";
    public const string IstioSystem = "istio-system";
    public const string EastWestGatewayName = "istio-eastwestgateway";
    public const string IngressGatewayName = "istio-ingressgateway";

    /// <summary>
    /// The ingress gateway's own namespace, as Istio's Helm install guide puts it. The gateway chart's
    /// Role gives the gateway's service account get/list/watch on every Secret of the release's namespace
    /// (manifests/charts/gateway/templates/role.yaml, rbac.enabled true by default, 1.30.3 and
    /// 1.31.0-rc.0): beside <c>cacerts</c> in istio-system that is the intermediate CA key.
    /// </summary>
    public const string IngressNamespace = "istio-ingress";

    /// <summary>
    /// The east-west gateway's own namespace: named like Istio's ingress one, holding no Secret, and
    /// its chart's Role is switched off (AUTO_PASSTHROUGH terminates no TLS, so it reads no Secret).
    /// </summary>
    public const string EastWestNamespace = "istio-eastwest";

    /// <summary>The gateway chart derives <c>istio: &lt;name without "istio-"&gt;</c> from the release name.</summary>
    public const string EastWestSelector = "eastwestgateway";
    public const string IngressSelector = "ingressgateway";

    /// <summary>The east-west gateway's mTLS passthrough port.</summary>
    public const int EastWestPort = 15443;

    /// <summary>The gateway's release and Service name.</summary>
    public static string GatewayName(GatewayKind kind) => kind == GatewayKind.EastWest ? EastWestGatewayName : IngressGatewayName;

    /// <summary>The namespace a gateway of this kind runs in unless the stack pins another.</summary>
    public static string GatewayNamespace(GatewayKind kind) => kind == GatewayKind.EastWest ? EastWestNamespace : IngressNamespace;

    /// <summary>The Service port other clusters (east-west, 15443) or users (ingress, 80) dial.</summary>
    public static int DialledPort(GatewayKind kind) => kind == GatewayKind.EastWest ? EastWestPort : 80;

    /// <summary>Endpoint labels MeshInfra puts on global-host endpoints, used by subsets.</summary>
    /// <summary>
    /// The region written on another cluster's gateway endpoint when that cluster is in the viewer's own
    /// region (by the stack's labels): no node carries it, so such an endpoint never ties with the own
    /// cluster's, and the viewer's DestinationRule fails over from its region to this one before any other
    /// (localityLbSetting.failover; loadbalancer.go, applyLocalityFailover, 1.30.3 and 1.31.0-rc.0).
    /// </summary>
    public const string NearbyRegion = "meshinfra.nearby";

    public const string ClusterLabel = "cluster";
    public const string VersionLabel = "version";

    /// <summary>
    /// Under static resolution, the serving cluster's region (by the stack's labels) on its gateway
    /// endpoints, which DestinationRule failoverPriority compares. Not Istio's topology label: istiod
    /// overwrites <c>topology.kubernetes.io/region</c> from the endpoint's locality and
    /// <c>topology.istio.io/cluster</c> with its own cluster ID (serviceregistry/util/label/label.go,
    /// AugmentLabels, 1.30.3 and 1.31.0-rc.0), and keeps every other label as written.
    /// </summary>
    public const string RegionLabel = "meshinfra.io/region";
}
