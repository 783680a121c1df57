using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The one place where a failing hop's words are written: each method takes the facts and returns the
/// kind with its text. The model decides the kind; this catalogue only says it. Tests check the kind, so
/// a message here can be reworded without breaking them (a few CLI and golden tests pin the text on purpose).
/// </summary>
public static class FailureMessages
{
    public static FailureReason NoCluster(string cluster, IEnumerable<string> clusters) =>
        new(FailureKind.NoCluster, $"no cluster '{cluster}' in the mesh (clusters: {string.Join(", ", clusters.Order(StringComparer.Ordinal))})");

    /// <summary><paramref name="sidecar"/>: the client's Sidecar when its own outboundTrafficPolicy decides, null when meshConfig's does.</summary>
    public static FailureReason PassthroughBlocked(string host, int port, string cluster, string outboundTrafficPolicy, ObjectRef? sidecar) =>
        new(FailureKind.PassthroughBlocked, sidecar is null
            ? $"{host}:{port} is no service of {cluster}'s registry, and outboundTrafficPolicy is {outboundTrafficPolicy}: "
                + "the sidecar sends it to BlackHoleCluster (set meshConfig.outboundTrafficPolicy.mode ALLOW_ANY, or a ServiceEntry for the address)"
            : $"{host}:{port} is no service of {cluster}'s registry, and the client's Sidecar {sidecar.Namespace}/{sidecar.Name} sets outboundTrafficPolicy {outboundTrafficPolicy}: "
                + "the sidecar sends it to BlackHoleCluster (set that Sidecar's outboundTrafficPolicy.mode ALLOW_ANY, or a ServiceEntry for the address)");

    public static FailureReason NoIngressGateway(string cluster) =>
        new(FailureKind.NoIngressGateway, $"{cluster} runs no ingress gateway (no Service selects gateway pods other than the east-west gateway's)");

    public static FailureReason NoIngressPort(string service, int port, IEnumerable<int> ports) =>
        new(FailureKind.NoIngressPort, $"{service} exposes no port {port} (ports: {string.Join(", ", ports)}): the connection is refused");

    /// <summary>The pod's labels, and the Gateways (with their selectors) that would serve the request but select no gateway pod.</summary>
    public static FailureReason NoGatewayForPod(string pod, IReadOnlyDictionary<string, string> podLabels, IReadOnlyList<(string Gateway, IReadOnlyDictionary<string, string> Selector)> idle) =>
        new(FailureKind.NoGatewayForPod, $"no Gateway selects {pod} {Labels(podLabels)}" + Idle(idle));

    /// <summary>Each selecting server as (Gateway, server port, the pod port it turns into).</summary>
    public static FailureReason NoGatewayServerOnPort(string pod, int podPort, IEnumerable<(string Gateway, int Port, int PodPort)> servers) =>
        new(FailureKind.NoGatewayServerOnPort, $"no server of the Gateways selecting {pod} listens on its port {podPort} (servers: "
            + string.Join(", ", servers.Select(s => $"{s.Gateway} port {s.Port} -> {s.PodPort}").Distinct()) + "): the connection is refused");

    /// <summary>
    /// A Gateway server the model does not route. One without a protocol is refused by Istio's validation
    /// (pkg/config/validation/validation.go, validateServerPort: protocol.Parse("") is Unsupported); applied anyway,
    /// istiod gives it no HTTP routes (pilot/pkg/networking/core/gateway.go, buildGatewayTCPBasedFilterChains:
    /// only <c>p.IsHTTP()</c> gets them), both 1.30.3 and 1.31.0-rc.0.
    /// </summary>
    public static FailureReason GatewayProtocolNotTraced(string gateway, int port, string protocol, string? tlsMode) =>
        new(FailureKind.GatewayProtocolNotTraced, $"{gateway} port {port} " + (protocol.Length == 0 ? "has no protocol (Istio's validation refuses such a server; istiod builds no HTTP routes for it)" : $"is {protocol}")
            + (tlsMode is null ? "" : $" with tls {tlsMode}") + ": the model traces plain HTTP requests only");

    public static FailureReason NoVirtualHostBound(IEnumerable<string> gateways, int podPort, IReadOnlyList<(string Gateway, IReadOnlyDictionary<string, string> Selector)> idle) =>
        new(FailureKind.NoVirtualHostBound, $"no VirtualService bound to {string.Join(", ", gateways.Distinct())} has a host its servers list: the only virtual host on port {podPort} is the 404 blackhole" + Idle(idle));

    public static FailureReason NoVirtualHostMatch(string authority, int podPort, IEnumerable<string> hosts, IReadOnlyList<(string Gateway, IReadOnlyDictionary<string, string> Selector)> idle) =>
        new(FailureKind.NoVirtualHostMatch, $"Host '{authority}' matches no virtual host on port {podPort} (hosts: {string.Join(", ", hosts)}): Envoy answers 404 (NR)" + Idle(idle));

    /// <summary>A sidecar's route: no rule of the client's VirtualService for the host selects the request.</summary>
    public static FailureReason NoRouteMatch() =>
        new(FailureKind.NoRouteMatch, "no rule of the VirtualService matches the request: Envoy answers 404 (NR)");

    /// <summary>
    /// An ingress gateway's virtual host: no rule of the VirtualServices merged for the host selects the path
    /// and headers. Each rule tried comes as (VirtualService namespace/name, rule index, its match in words).
    /// </summary>
    public static FailureReason NoIngressRouteMatch(string domain, string path, bool withHeaders, IEnumerable<(string VirtualService, int Rule, string Match)> rules) =>
        new(FailureKind.NoRouteMatch, $"no rule for host {domain} matches {path}" + (withHeaders ? " with these headers" : "")
            + $" ({string.Join("; ", rules.Select(r => $"{r.VirtualService} rule {r.Rule}: {r.Match}"))}): Envoy answers 404 (NR)");

    public static FailureReason DnsNoAnswer(string host, string cluster, string detail) =>
        new(FailureKind.DnsNoAnswer, $"{host} does not resolve in {cluster}: {detail}");

    public static FailureReason MeshAddressWithoutSidecar(string address) =>
        new(FailureKind.MeshAddressWithoutSidecar, $"{address} is a mesh address; it routes only from pods with a sidecar (nothing outside Envoy routes class-E addresses)");

    public static FailureReason NoListener(string cluster, string address) =>
        new(FailureKind.NoListener, $"no service in {cluster} has address {address}; the sidecar passes the connection through, out of the mesh");

    public static FailureReason NoServicePort(string service, int port, IEnumerable<int> ports) =>
        new(FailureKind.NoServicePort, $"{service} declares no port {port} (ports: {string.Join(", ", ports)})");

    /// <summary>A port Envoy proxies as TCP, where the VirtualService's tcp or tls routes (which the model does not read) decide.</summary>
    public static FailureReason DelegateNotTraced(string virtualService, int rule, string delegateTo) =>
        new(FailureKind.DelegateNotTraced, $"rule {rule} of VirtualService {virtualService} delegates to VirtualService {delegateTo}, whose http routes Istio merges in its place: the model does not follow delegation");

    public static FailureReason TcpRoutesNotTraced(string service, int port, string protocol, string virtualService) =>
        new(FailureKind.TcpRoutesNotTraced, $"port {port} of {service} is {protocol}, a TCP proxy where VirtualService {virtualService}'s tcp and tls routes decide: the model traces http routes only");

    /// <summary>A Service port whose targetPort is a name that no selected pod's containers declare: Kubernetes lists no endpoint for it.</summary>
    public static FailureReason NoNamedTargetPort(string service, int port, string targetPort, string protocol, IEnumerable<string> pods) =>
        new(FailureKind.NoEndpoints, $"port {port} of {service} targets the container port named {targetPort} ({protocol}), which no pod it selects declares ({string.Join(", ", pods)}): Kubernetes lists no endpoint for it");

    /// <summary>A route destination's port that its service does not declare: istiod builds no cluster for it.</summary>
    public static FailureReason NoDestinationCluster(string cluster, string service, int port, IEnumerable<int> ports) =>
        new(FailureKind.NoServicePort, $"no cluster {cluster}: {service} declares no port {port} (ports: {string.Join(", ", ports)}): Envoy answers 503 (NC)");

    /// <summary>An endpoint that is this cluster's own east-west gateway Service, dialled on a port it does not expose.</summary>
    public static FailureReason GatewayServiceNoPort(string service, string port) =>
        new(FailureKind.NoServicePort, $"{service} exposes no port {port}");

    public static FailureReason UnknownHost(string host, string cluster) =>
        new(FailureKind.UnknownHost, $"{host} is no service in {cluster}: Envoy answers 503");

    public static FailureReason UnknownSubset(string subset, string host, string clientNamespace) =>
        new(FailureKind.UnknownSubset, $"subset '{subset}' of {host} is defined by no DestinationRule {clientNamespace} sees: Envoy answers 503");

    /// <summary>A ServiceEntry's outbound cluster with no endpoint (for the subset's labels).</summary>
    public static FailureReason NoClusterEndpoints(string outboundCluster, IReadOnlyDictionary<string, string>? subsetLabels) =>
        new(FailureKind.NoEndpoints, $"{outboundCluster} has no endpoints" + (subsetLabels is null ? "" : $" labelled {Labels(subsetLabels)}"));

    /// <summary>A Kubernetes Service whose selector (with the subset's labels) matches no pod.</summary>
    public static FailureReason NoPods(string service, IReadOnlyDictionary<string, string>? subsetLabels) =>
        new(FailureKind.NoEndpoints, $"{service} selects no pods" + (subsetLabels is null ? "" : $" labelled {Labels(subsetLabels)}"));

    public static FailureReason UnreachableAddress(string address, string port, string cluster) =>
        new(FailureKind.UnreachableAddress, $"{address}:{port} reaches nothing in the mesh (no cluster's east-west gateway is dialled there, and it is no Service in {cluster})");

    public static FailureReason ForwardingLoop(int gatewayHops) =>
        new(FailureKind.ForwardingLoop, $"the request has passed {gatewayHops} east-west gateways: a forwarding loop");

    public static FailureReason GatewayRequiresMtls(string cluster, string tlsMode) =>
        new(FailureKind.GatewayRequiresMtls, $"{cluster}'s east-west gateway routes only mTLS by its SNI, and this request is sent with tls {tlsMode}");

    public static FailureReason NoPassthroughServer(string cluster) =>
        new(FailureKind.NoPassthroughServer, $"{cluster}'s east-west gateway has no Gateway with an AUTO_PASSTHROUGH server on port {IstioLabels.EastWestPort}");

    public static FailureReason NoFilterChainForSni(string cluster, string sni) =>
        new(FailureKind.NoFilterChainForSni, $"{cluster}'s east-west gateway has no filter chain for SNI {sni}");

    public static FailureReason GatewayListsRemoteGateway(string cluster, string host, string other, string address) =>
        new(FailureKind.GatewayListsRemoteGateway, $"{cluster}'s east-west gateway cluster for {host} lists {other}'s east-west gateway ({address}): a request entering {cluster} may be forwarded to {other}");

    public static FailureReason SubsetSpreadsVersions(string subset, string host, string address, IEnumerable<string> versions) =>
        new(FailureKind.SubsetSpreadsVersions, $"subset {subset} of {host} resolves to {address}, whose ClusterIP spreads over versions {string.Join(", ", versions)}");

    /// <summary>Every endpoint of the chain's cluster dropped by the filter (<paramref name="dropped"/>: each, and why; never empty).</summary>
    public static FailureReason EmptiedByMtlsFilter(string cluster, string sni, IEnumerable<string> dropped) =>
        new(FailureKind.EmptiedByMtlsFilter, $"{cluster}'s east-west gateway: cluster {sni} has no endpoints after Istio's mTLS endpoint filter (dropped: {string.Join("; ", dropped)})");

    /// <summary>A filter chain whose service has no endpoint in the gateway's cluster at all (none for the filter to drop).</summary>
    public static FailureReason GatewayClusterEmpty(string cluster, string sni, string host) =>
        new(FailureKind.NoEndpoints, $"{cluster}'s east-west gateway: cluster {sni} has no endpoints: {host} has none in {cluster}");

    public static FailureReason GatewayForwarding(string cluster, string address) =>
        new(FailureKind.GatewayForwarding, $"a request entering {cluster}'s east-west gateway is forwarded to {address}, not served by {cluster}'s own pods");

    /// <summary>
    /// A STRICT pod refuses a plaintext request: from a client without a sidecar, or from a sidecar that has no listener
    /// for the host (<paramref name="outOfScope"/> says why: <see cref="OutOfScope"/>), which sends it through
    /// PassthroughCluster, a cluster with no transport socket (pilot/pkg/networking/core/cluster_builder.go,
    /// buildDefaultPassthroughCluster, 1.30.3 and 1.31.0-rc.0).
    /// </summary>
    public static FailureReason PlaintextRefused(string pod, int port, string mode, ObjectRef? peerAuthentication, string? outOfScope = null) =>
        new(FailureKind.PlaintextRefused, $"{pod} accepts only mTLS on port {port} ({mode} by PeerAuthentication {peerAuthentication?.Namespace}/{peerAuthentication?.Name}), and "
            + (outOfScope is { } why
                ? $"the client's sidecar sends this request in plaintext ({why}, so it leaves through PassthroughCluster, which has no TLS)"
                : "a client without a sidecar sends plaintext")
            + ": the connection is reset");

    public static FailureReason IdentityRejected(string pod, string identity, IEnumerable<string> subjectAltNames) =>
        new(FailureKind.IdentityRejected, $"{pod} presents {identity}, which the client does not accept (SAN {string.Join(" ", subjectAltNames)})");

    public static FailureReason ServerCertificateUntrusted(string pod, string chainsTo, string clientCluster, IEnumerable<string> clientTrusts) =>
        new(FailureKind.ServerCertificateUntrusted, $"{pod} presents a certificate chaining to {chainsTo}, which {clientCluster}'s client does not trust (it trusts {string.Join(" + ", clientTrusts)})");

    public static FailureReason ClientCertificateUntrusted(string pod, string clientCluster, string chainsTo, IEnumerable<string> serverTrusts) =>
        new(FailureKind.ClientCertificateUntrusted, $"{pod} does not trust {clientCluster}'s client certificate, which chains to {chainsTo} (it trusts {string.Join(" + ", serverTrusts)})");

    /// <summary>A host the client's Sidecar does not import (<paramref name="egress"/> as the Sidecar lists it), under REGISTRY_ONLY.</summary>
    public static FailureReason NotImportedBlackHoled(string client, ObjectRef? sidecar, string host, int port, string egress, string address, string outboundTrafficPolicy) =>
        new(FailureKind.NotImportedBlackHoled, $"{NotImported(client, sidecar, host, port, egress, address)}, and outboundTrafficPolicy {outboundTrafficPolicy} sends it to BlackHoleCluster: Envoy answers 502 (add the host to the Sidecar's egress hosts)");

    /// <summary>A host the client's Sidecar does not import, under ALLOW_ANY, at a mesh address nothing outside Envoy routes.</summary>
    public static FailureReason NotImportedPassedThrough(string client, ObjectRef? sidecar, string host, int port, string egress, string address, string outboundTrafficPolicy) =>
        new(FailureKind.NotImportedPassedThrough, $"{NotImported(client, sidecar, host, port, egress, address)}; outboundTrafficPolicy {outboundTrafficPolicy} passes it through to {address}, which nothing outside Envoy routes (add the host to the Sidecar's egress hosts)");

    public static FailureReason MtlsDisabledAtServer(string pod, int port, ObjectRef? peerAuthentication) =>
        new(FailureKind.MtlsDisabledAtServer, $"{pod} has mTLS DISABLE on port {port} (PeerAuthentication {peerAuthentication?.Namespace}/{peerAuthentication?.Name}): its sidecar has only plaintext filter chains there, and the client's mTLS arrives unterminated: the connection fails");

    /// <summary>A 403 by a DENY rule; <paramref name="verdict"/> (which policy and rule, what request) is <see cref="AuthorizationRules"/>' text.</summary>
    public static FailureReason AuthorizationDenied(string pod, string verdict) => new(FailureKind.AuthorizationDenied, $"{pod}: {verdict}");

    /// <summary>A 403 because ALLOW policies apply and none matches; <paramref name="verdict"/> as <see cref="AuthorizationRules"/> writes it.</summary>
    public static FailureReason AuthorizationNotAllowed(string pod, string verdict) => new(FailureKind.AuthorizationNotAllowed, $"{pod}: {verdict}");

    public static FailureReason AllEndpointsEjected(string host, IEnumerable<string> down) =>
        new(FailureKind.AllEndpointsEjected, $"every endpoint of {host} is ejected (clusters down: {string.Join(", ", down)}): Envoy finds no healthy upstream and answers 503");

    public static FailureReason GatewayDown(string address, string port, string cluster) =>
        new(FailureKind.GatewayDown, $"{address}:{port} is {cluster}'s east-west gateway, which is down (--down {cluster}): the connection fails, and so does every retry the route allows (no outlier detection ejects it, or maxEjectionPercent keeps it)");

    public static FailureReason ClientClusterDown(string cluster) =>
        new(FailureKind.ClientClusterDown, $"{cluster} is down (--down {cluster}): its clients are not traced");

    /// <summary>A host not exported to the client's namespace, under REGISTRY_ONLY: BlackHoleCluster.</summary>
    public static FailureReason NotExportedBlackHoled(string client, string host, string clientNamespace, string exportTo, string address, int port, string outboundTrafficPolicy) =>
        new(FailureKind.NotExportedBlackHoled, $"{NotExported(client, host, clientNamespace, exportTo, address, port)}, and outboundTrafficPolicy {outboundTrafficPolicy} sends it to BlackHoleCluster: Envoy answers 502 (export the host to {clientNamespace})");

    /// <summary>A host not exported to the client's namespace, under ALLOW_ANY, at a mesh address nothing outside Envoy routes.</summary>
    public static FailureReason NotExportedPassedThrough(string client, string host, string clientNamespace, string exportTo, string address, int port, string outboundTrafficPolicy) =>
        new(FailureKind.NotExportedPassedThrough, $"{NotExported(client, host, clientNamespace, exportTo, address, port)}; outboundTrafficPolicy {outboundTrafficPolicy} passes it through to {address}, which nothing outside Envoy routes (export the host to {clientNamespace})");

    /// <summary>Why a sidecar has no listener for a host: not exported to its namespace, or not imported by its Sidecar.</summary>
    public static string OutOfScope(string host, int port, string clientNamespace, string exportTo, ObjectRef? sidecar) => sidecar is null
        ? $"{host} is not exported to namespace {clientNamespace} (exportTo: {exportTo})"
        : $"its Sidecar {sidecar.Namespace}/{sidecar.Name} does not import {host} on port {port}";

    private static string NotExported(string client, string host, string clientNamespace, string exportTo, string address, int port) =>
        $"{host} is not exported to namespace {clientNamespace} (exportTo: {exportTo}): {client}'s proxy has no route or cluster for {address}:{port}";

    private static string NotImported(string client, ObjectRef? sidecar, string host, int port, string egress, string address) =>
        $"{client}'s Sidecar {sidecar?.Namespace}/{sidecar?.Name} does not import {host} on port {port} (egress hosts: {egress}): its proxy has no route or cluster for {address}:{port}";

    /// <summary>Labels as the messages (and hops) print them: <c>{app: reviews, version: v2}</c>.</summary>
    /// <summary>A localityLbSetting whose effect on a ServiceEntry's cluster the model does not follow (LocalityFailover.Priorities).</summary>
    public static FailureReason LocalityLbNotModelled(string outboundCluster) =>
        new(FailureKind.LocalityLbNotModelled, $"{outboundCluster}: localityLbSetting distribute, or failoverPriority on a DNS ServiceEntry's default cluster, is not modelled");

    public static string Labels(IReadOnlyDictionary<string, string> labels) => "{" + string.Join(", ", labels.Select(l => $"{l.Key}: {l.Value}")) + "}";

    private static string Idle(IReadOnlyList<(string Gateway, IReadOnlyDictionary<string, string> Selector)> idle) =>
        idle.Count == 0 ? "" : "; " + string.Join("; ", idle.Select(i => $"Gateway {i.Gateway} selects {Labels(i.Selector)}, which no gateway pod carries").Distinct());
}
