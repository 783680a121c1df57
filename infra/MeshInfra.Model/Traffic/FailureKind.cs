namespace MeshInfra.Model.Traffic;

/// <summary>
/// Why a share of requests stops at a hop: what `trace --format json`, `verify --format json` and the
/// tests check, so rewording a message (<see cref="FailureMessages"/>) changes no outcome. Append new
/// kinds at the end: the JSON carries the name, never the number, but keep the order stable anyway.
/// </summary>
public enum FailureKind
{
    /// <summary>The request names a cluster the mesh does not have.</summary>
    NoCluster,

    /// <summary>outboundTrafficPolicy REGISTRY_ONLY sends a host outside the registry to BlackHoleCluster.</summary>
    PassthroughBlocked,

    /// <summary>The cluster runs no ingress gateway.</summary>
    NoIngressGateway,

    /// <summary>The ingress gateway's Service exposes no such port.</summary>
    NoIngressPort,

    /// <summary>No Gateway's selector matches the ingress gateway pod.</summary>
    NoGatewayForPod,

    /// <summary>No server of the Gateways selecting the pod listens on its port.</summary>
    NoGatewayServerOnPort,

    /// <summary>The Gateway server is not plain HTTP, which the model does not trace.</summary>
    GatewayProtocolNotTraced,

    /// <summary>No VirtualService bound to the Gateway lists a host its servers list: only the 404 blackhole.</summary>
    NoVirtualHostBound,

    /// <summary>The Host header matches no virtual host on the port: 404 (NR).</summary>
    NoVirtualHostMatch,

    /// <summary>No rule of the VirtualService matches the request: 404 (NR).</summary>
    NoRouteMatch,

    /// <summary>The host does not resolve in the client's cluster.</summary>
    DnsNoAnswer,

    /// <summary>A mesh-only address dialled by a pod without a sidecar.</summary>
    MeshAddressWithoutSidecar,

    /// <summary>No service of the registry has the address: the sidecar passes the connection through.</summary>
    NoListener,

    /// <summary>The service declares (or exposes) no such port: at the listener, at the gateway Service, or as a route destination's port (no cluster, 503).</summary>
    NoServicePort,

    /// <summary>A route's destination host is no service in the cluster: 503.</summary>
    UnknownHost,

    /// <summary>A route's subset is defined by no DestinationRule the client sees: 503.</summary>
    UnknownSubset,

    /// <summary>The cluster or Service has no endpoints (for the subset).</summary>
    NoEndpoints,

    /// <summary>An endpoint address that is no gateway and no Service: the request reaches nothing in the mesh.</summary>
    UnreachableAddress,

    /// <summary>The request passed too many east-west gateways.</summary>
    ForwardingLoop,

    /// <summary>An east-west gateway receives a request that is not Istio mTLS with an SNI.</summary>
    GatewayRequiresMtls,

    /// <summary>The east-west gateway has no Gateway with an AUTO_PASSTHROUGH server on its port.</summary>
    NoPassthroughServer,

    /// <summary>The east-west gateway has no filter chain for the request's SNI.</summary>
    NoFilterChainForSni,

    /// <summary>An east-west gateway's cluster lists another cluster's east-west gateway among its endpoints.</summary>
    GatewayListsRemoteGateway,

    /// <summary>A subset's endpoint is a ClusterIP spreading over several versions.</summary>
    SubsetSpreadsVersions,

    /// <summary>Istio's mTLS endpoint filter leaves the gateway's cluster without endpoints.</summary>
    EmptiedByMtlsFilter,

    /// <summary>The east-west gateway forwards the request on, instead of serving it from its own pods.</summary>
    GatewayForwarding,

    /// <summary>A STRICT (or port-level STRICT) PeerAuthentication refuses a client's plaintext.</summary>
    PlaintextRefused,

    /// <summary>The server's SPIFFE identity is not among the client's subjectAltNames.</summary>
    IdentityRejected,

    /// <summary>The server's certificate chains to a root the client does not trust.</summary>
    ServerCertificateUntrusted,

    /// <summary>The client's certificate chains to a root the server does not trust.</summary>
    ClientCertificateUntrusted,

    /// <summary>The client's Sidecar does not import the host, and outboundTrafficPolicy REGISTRY_ONLY sends it to BlackHoleCluster: 502.</summary>
    NotImportedBlackHoled,

    /// <summary>The client's Sidecar does not import the host, and ALLOW_ANY passes it through to a mesh address nothing routes.</summary>
    NotImportedPassedThrough,

    /// <summary>The host is not exported to the client's namespace (exportTo), and REGISTRY_ONLY sends it to BlackHoleCluster: 502.</summary>
    NotExportedBlackHoled,

    /// <summary>The host is not exported to the client's namespace (exportTo), and ALLOW_ANY passes it through to a mesh address nothing routes.</summary>
    NotExportedPassedThrough,

    /// <summary>The server pod's PeerAuthentication is DISABLE: the client's mTLS, passed through the gateway, is never terminated.</summary>
    MtlsDisabledAtServer,

    /// <summary>A DENY AuthorizationPolicy rule matches the request: 403.</summary>
    AuthorizationDenied,

    /// <summary>ALLOW AuthorizationPolicies apply to the pod and none of their rules matches: 403.</summary>
    AuthorizationNotAllowed,

    /// <summary>Every endpoint is ejected (its clusters down): no healthy upstream, 503.</summary>
    AllEndpointsEjected,

    /// <summary>A down cluster's east-west gateway still takes a share (nothing ejects it): the connection fails.</summary>
    GatewayDown,

    /// <summary>The client's own cluster is down: it sends nothing.</summary>
    ClientClusterDown,

    /// <summary>A localityLbSetting the model does not follow (distribute; failoverPriority on a DNS ServiceEntry's default cluster).</summary>
    LocalityLbNotModelled,

    /// <summary>A VirtualService's tcp or tls routes decide a TCP-proxied port, and the model follows http routes only.</summary>
    TcpRoutesNotTraced,

    /// <summary>The rule that takes the request delegates to another VirtualService, whose routes the model does not merge in.</summary>
    DelegateNotTraced,
}
