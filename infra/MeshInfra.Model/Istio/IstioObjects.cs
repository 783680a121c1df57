using System.Collections.Immutable;
using MeshInfra.Model.Config;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Istio;

/// <summary>Typed builders for the Istio networking and security objects of a plan.</summary>
public static class IstioObjects
{
    public const string NetworkingV1 = "networking.istio.io/v1";
    public const string SecurityV1 = "security.istio.io/v1";

    /// <summary>
    /// The east-west Gateway: mTLS passthrough on 15443 for exactly the cluster-local hosts of the
    /// services this cluster serves. AUTO_PASSTHROUGH builds a filter chain per service the gateway
    /// sees whose host matches a server host, one per port and DestinationRule subset (Istio 1.30.3
    /// and 1.31: pilot/pkg/networking/core/gateway.go, builtAutoPassthroughFilterChains). Listing no
    /// global host means a request entering this gateway can only reach this cluster's own pods, never
    /// another cluster's gateway through a ServiceEntry. Null when the cluster serves nothing.
    /// </summary>
    public static KubeObject? EastWestGateway(IEnumerable<string> servedLocalHosts)
    {
        var hosts = servedLocalHosts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(h => (ManifestNode)h).ToList();
        return hosts.Count == 0 ? null : new(NetworkingV1, "Gateway", ObjectMeta.Named("cross-network-gateway", IstioLabels.IstioSystem), MapNode.Of(("spec", MapNode.Of(
            ("selector", MapNode.OfStrings([KeyValuePair.Create("istio", IstioLabels.EastWestSelector)])),
            ("servers", ListNode.Of(MapNode.Of(
                ("port", MapNode.Of(("number", IstioLabels.EastWestPort), ("name", "tls"), ("protocol", "TLS"))),
                ("tls", MapNode.Of(("mode", "AUTO_PASSTHROUGH"))),
                ("hosts", ListNode.From(hosts)))))))));
    }

    /// <summary>
    /// A gateway's Service, as the gateway chart would make it (selector app/istio, the east-west
    /// gateway's networkGatewayPorts, the ingress gateway's default ports), but owned by MeshInfra.
    /// </summary>
    public static KubeObject GatewayService(ClusterSpec cluster, GatewayKind kind)
    {
        var eastWest = kind == GatewayKind.EastWest;
        var gateway = cluster.Gateway(kind);
        var name = IstioLabels.GatewayName(kind);
        var selector = new Dictionary<string, string> { ["app"] = name, ["istio"] = eastWest ? IstioLabels.EastWestSelector : IstioLabels.IngressSelector };
        var meta = ObjectMeta.Named(name, cluster.GatewayNamespace(kind)).WithLabel("app", name).WithLabel("istio", selector["istio"]);
        if (eastWest)
        {
            // Istio recognises a network's gateway by this label on its Service.
            meta = meta.WithLabel(IstioLabels.Network, cluster.Network);
        }

        if (gateway.DnsName is { } dnsName)
        {
            // external-dns publishes the load balancer's address under this name.
            meta = meta.WithAnnotation("external-dns.alpha.kubernetes.io/hostname", dnsName);
        }

        if (gateway.InternalLoadBalancer is { } cloud)
        {
            var (key, value) = GatewayExposure.Annotation(cloud);
            meta = meta.WithAnnotation(key, value);
        }

        var nodePort = gateway.AddressMode == GatewayAddressMode.NodePort;
        var dialled = IstioLabels.DialledPort(kind);
        (string Name, int Port, int Target)[] ports = eastWest
            // Only what this design uses: cross-cluster mTLS on 15443 and the readiness port. Istio's
            // sample also exposes istiod (15012, 15017) for primary-remote meshes; every cluster here
            // runs its own istiod, so nothing would listen for those.
            ? [("status-port", 15021, 15021), ("tls", IstioLabels.EastWestPort, IstioLabels.EastWestPort)]
            : [("status-port", 15021, 15021), ("http2", 80, 80), ("https", 443, 443)];
        var spec = MapNode.Of(
            ("type", nodePort ? "NodePort" : "LoadBalancer"),
            ("selector", MapNode.OfStrings(selector)),
            ("ports", ListNode.From(ports.Select(p => (ManifestNode)MapNode.Of(
                ("name", p.Name),
                ("port", p.Port),
                ("targetPort", p.Target),
                ("protocol", "TCP"),
                ("nodePort", nodePort && p.Port == dialled && gateway.NodePort is { } pinned ? pinned : null))))),
            ("loadBalancerSourceRanges", gateway.LoadBalancerSourceRanges.IsEmpty ? null : ListNode.From(gateway.LoadBalancerSourceRanges.Select(r => (ManifestNode)new ScalarNode(r)))));
        return new KubeObject("v1", "Service", meta, MapNode.Of(("spec", spec)));
    }

    /// <summary>
    /// The one ServiceEntry a cluster has for a global host. Every endpoint is an east-west gateway
    /// of a serving cluster (the cluster's own through its in-cluster Service name), one per version
    /// there, so each subset reaches only gateways that have its pods, and the gateway picks the pods.
    /// Resolution DNS, or STATIC (Istio's EDS: every endpoint address an IP; see Config.EndpointResolution).
    /// </summary>
    public static KubeObject ServiceEntry(string host, string address, ServiceSpec service, IEnumerable<GlobalEndpoint> endpoints, EndpointResolution resolution = EndpointResolution.Dns) =>
        new(NetworkingV1, "ServiceEntry", ObjectMeta.Named(host, IstioLabels.IstioSystem), MapNode.Of(("spec", MapNode.Of(
            ("hosts", ListNode.Of(host)),
            ("addresses", ListNode.Of(address)),
            ("location", "MESH_INTERNAL"),
            ("resolution", resolution == EndpointResolution.Static ? "STATIC" : "DNS"),
            ("ports", ListNode.From(service.Ports.Select(p => (ManifestNode)MapNode.Of(
                ("number", p.Number), ("name", p.Name), ("protocol", p.Protocol))))),
            ("endpoints", ListNode.From(endpoints.Select(e => (ManifestNode)MapNode.Of(
                ("address", e.Address),
                ("ports", new MapNode(service.Ports.Select(p => new MapEntry(p.Name, e.Port)).ToImmutableArray())),
                ("labels", MapNode.OfStrings(e.Labels)),
                ("locality", e.Locality)))))))));

    /// <summary>
    /// The DestinationRule of a global host, the same in every cluster that fails over from the same region (or none). mTLS to the gateway with the
    /// SNI of the owner's own Service and subset (<c>outbound_.&lt;port&gt;_.&lt;subset&gt;_.&lt;name&gt;.&lt;ns&gt;.svc.cluster.local</c>),
    /// which the owner's east-west gateway routes to its pods of that subset: the way Istio's own
    /// multi-network routing works. <c>tls.sni</c> applies under ISTIO_MUTUAL (cluster_tls.go,
    /// buildIstioMutualTLS, 1.30.3 and 1.31), and is set per port because the SNI names the port.
    /// Subsets by version (routes name them) and by cluster; outlier detection so a gateway that
    /// fails is ejected and traffic fails over by locality. Where <paramref name="failoverFrom"/> is given
    /// (the viewing cluster's region, which another serving cluster shares), every level also carries
    /// <c>localityLbSetting.failover</c> from it to <see cref="IstioLabels.NearbyRegion"/>, so those
    /// clusters come before the others (see Planning.GlobalLocality). Under static resolution
    /// <paramref name="failoverPriority"/> takes its place at every level: labels the endpoints carry, with
    /// the viewer's values written in (<c>label=value</c>), so no client label enters (loadbalancer.go,
    /// applyFailoverPriorityPerLocality, 1.30.3 and 1.31.0-rc.0; see Planning.GlobalLocality.FailoverPriority).
    /// </summary>
    public static KubeObject GlobalDestinationRule(string host, ServiceSpec service, string trustDomain, OutlierDetectionSpec outlier, string? failoverFrom = null, IReadOnlyList<string>? failoverPriority = null)
    {
        var sans = service.ServiceAccount is { } sa ? ListNode.Of(IstioNames.SpiffeId(trustDomain, service.Namespace, sa)) : null;
        // A gateway is ejected for connection failures only: the split counts them apart from the
        // answers of the pods behind it, and 5xx answers eject nothing (see OutlierDetectionSpec).
        var outlierDetection = MapNode.Of(
            ("splitExternalLocalOriginErrors", true),
            ("consecutiveLocalOriginFailures", outlier.ConsecutiveLocalOriginFailures),
            ("consecutive5xxErrors", outlier.Consecutive5xxErrors),
            ("interval", outlier.Interval),
            ("baseEjectionTime", outlier.BaseEjectionTime),
            ("maxEjectionPercent", outlier.MaxEjectionPercent));

        // A port-level entry replaces the whole policy for its port (pilot/pkg/networking/util/util.go,
        // GetPortLevelTrafficPolicy, and MergeSubsetTrafficPolicy for a subset's, 1.30.3 and 1.31.0-rc.0),
        // so each one, at the rule and in every subset, carries the same outlier detection and TLS:
        // otherwise locality failover would be off there, or a gateway ejected for 5xx answers.
        // A port-level entry replaces loadBalancer too (the same functions), so each level carries it.
        var loadBalancer = failoverPriority is { Count: > 0 }
            ? MapNode.Of(("localityLbSetting", MapNode.Of(("failoverPriority", ListNode.From(failoverPriority.Select(p => (ManifestNode)new ScalarNode(p)))))))
            : failoverFrom is null ? null : MapNode.Of(("localityLbSetting", MapNode.Of(
                ("failover", ListNode.Of(MapNode.Of(("from", failoverFrom), ("to", IstioLabels.NearbyRegion)))))));
        ManifestNode PortTls(string? subset) => ListNode.From(service.Ports.Select(p => (ManifestNode)MapNode.Of(
            ("port", MapNode.Of(("number", p.Number))),
            ("loadBalancer", loadBalancer),
            ("outlierDetection", outlierDetection),
            ("tls", MapNode.Of(("mode", "ISTIO_MUTUAL"), ("sni", IstioNames.Sni(p.Number, subset, service.LocalHost)), ("subjectAltNames", sans))))));
        ManifestNode Subset(string name, string label, string value, string? ownerSubset) => MapNode.Of(
            ("name", name),
            ("labels", MapNode.OfStrings([KeyValuePair.Create(label, value)])),
            ("trafficPolicy", MapNode.Of(("portLevelSettings", PortTls(ownerSubset)))));
        var policy = MapNode.Of(
            ("tls", MapNode.Of(("mode", "ISTIO_MUTUAL"), ("subjectAltNames", sans))),
            ("loadBalancer", loadBalancer),
            ("outlierDetection", outlierDetection),
            ("portLevelSettings", PortTls(null)));
        return new(NetworkingV1, "DestinationRule", ObjectMeta.Named(host, IstioLabels.IstioSystem), MapNode.Of(("spec", MapNode.Of(
            ("host", host),
            ("trafficPolicy", policy),
            ("subsets", ListNode.From(
                service.Versions.Select(v => Subset(v, IstioLabels.VersionLabel, v, v))
                    .Concat(service.ServingClusters.Select(c => Subset(c, IstioLabels.ClusterLabel, c, null)))))))));
    }

    /// <summary>
    /// Version subsets of the owner's own Service, in each cluster that runs versions of it. Its east-west
    /// gateway builds a filter chain per subset from this rule, and keeps only the pods of that version.
    /// It lives in the east-west gateway's own namespace, private to it (<c>exportTo: ["."]</c>): a proxy
    /// outside the root namespace looks first at every rule of its own namespace, private ones included
    /// (push_context.go, destinationRule step 1 and setDestinationRules' namespaceLocal index, 1.30.3 and
    /// 1.31.0-rc.0), so a user's rule for the same host in the service's namespace cannot take the
    /// gateway's subsets away, and sidecars elsewhere keep their own settings for the local host. The
    /// gateway must therefore run in <paramref name="gatewayNamespace"/>: from any other namespace it
    /// would not see this rule and would build no subset chains. Named after the host, so two services
    /// never share a name.
    /// </summary>
    public static KubeObject LocalDestinationRule(ServiceSpec service, IEnumerable<string> localVersions, string gatewayNamespace) =>
        new(NetworkingV1, "DestinationRule", ObjectMeta.Named(service.LocalHost, gatewayNamespace), MapNode.Of(("spec", MapNode.Of(
            ("host", service.LocalHost),
            ("exportTo", ListNode.Of(".")),
            ("trafficPolicy", IstioMutual()),
            ("subsets", ListNode.From(localVersions.Select(v => Subset(v, IstioLabels.VersionLabel, v))))))));

    /// <summary>
    /// A route as seen from one client cluster: every target version goes to the global host's
    /// subset of that version, whose endpoints are the gateways of the clusters running it (this
    /// cluster's own first, by locality). Where the service also runs here, the route covers its
    /// cluster-local name too, so local clients calling the short name are routed the same way.
    /// Named after the global host, so two services never share a name.
    /// <para>
    /// Rendered twice, so it wins where Istio lets it. A sidecar takes, per host, the first VirtualService of:
    /// those private to its namespace, those exported to it by name, the public ones; each group oldest
    /// first, the later ones dropped (pilot/pkg/model/virtualservice.go, SelectVirtualServices, and
    /// push_context.go, initVirtualServices, 1.30.3 and 1.31.0-rc.0; the root namespace has no precedence
    /// for VirtualServices). With <paramref name="exportTo"/> (the namespaces the stack knows clients in)
    /// this copy is in the second group for them: it comes before every public VirtualService for the
    /// host, however old, and loses only to one private to the client's namespace or an older one exported
    /// to it by name (doctor reports both). Without it, the public copy serves every other namespace by age.
    /// A copy private to each client namespace would win more often, but those namespaces need not exist in
    /// every client cluster; istio-system does. Validation accepts any namespace name in exportTo
    /// (pkg/config/validation/validation.go, validateExportTo, both tags).
    /// </para>
    /// </summary>
    public static KubeObject RouteVirtualService(RouteSpec route, ServiceSpec service, string globalHost, string clientCluster, IReadOnlyCollection<string>? exportTo = null)
    {
        ManifestNode Destination(WeightedVersion target, int count) => MapNode.Of(
            ("destination", MapNode.Of(("host", globalHost), ("subset", target.Version))),
            ("weight", count > 1 ? target.Weight : null));

        ManifestNode Rule(HttpRouteRule rule)
        {
            var headers = new MapNode(rule.Headers.Select(h => new MapEntry(h.Header, MapNode.Of((h.Kind, h.Value)))).ToImmutableArray());
            return MapNode.Of(
                ("match", rule.Headers.IsEmpty ? null : ListNode.Of(MapNode.Of(("headers", headers)))),
                ("route", ListNode.From(rule.Targets.Select(t => Destination(t, rule.Targets.Length)))));
        }

        var spec = MapNode.Of(
            ("hosts", service.RunsIn(clientCluster) ? ListNode.Of(service.LocalHost, globalHost) : ListNode.Of(globalHost)),
            ("exportTo", exportTo is null ? null : ListNode.From(exportTo.Select(n => (ManifestNode)new ScalarNode(n)))),
            ("http", ListNode.From(route.Rules.Select(Rule))));
        var name = exportTo is null ? globalHost : ExportedRouteName(globalHost);
        return new KubeObject(NetworkingV1, "VirtualService", ObjectMeta.Named(name, IstioLabels.IstioSystem), MapNode.Of(("spec", spec)));
    }

    /// <summary>The name of a route's copy exported to the known client namespaces (see <see cref="RouteVirtualService"/>).</summary>
    public static string ExportedRouteName(string globalHost) => globalHost + ".exported";

    /// <summary>The mesh-wide mTLS mode: a PeerAuthentication named default in the root namespace.</summary>
    public static KubeObject MeshPeerAuthentication(MtlsMode mode) =>
        new(SecurityV1, "PeerAuthentication", ObjectMeta.Named("default", IstioLabels.IstioSystem), MapNode.Of(("spec", MapNode.Of(
            ("mtls", MapNode.Of(("mode", mode.IstioName())))))));

    private static MapNode IstioMutual() => MapNode.Of(("tls", MapNode.Of(("mode", "ISTIO_MUTUAL"))));

    private static ManifestNode Subset(string name, string label, string value) =>
        MapNode.Of(("name", name), ("labels", MapNode.OfStrings([KeyValuePair.Create(label, value)])));
}
