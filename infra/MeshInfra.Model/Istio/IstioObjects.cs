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

    /// <summary>The east-west Gateway: mTLS passthrough on 15443 for cluster-local and global names.</summary>
    public static KubeObject EastWestGateway(string globalDomain) =>
        new(NetworkingV1, "Gateway", ObjectMeta.Named("cross-network-gateway", IstioLabels.IstioSystem), MapNode.Of(("spec", MapNode.Of(
            ("selector", MapNode.OfStrings([KeyValuePair.Create("istio", IstioLabels.EastWestSelector)])),
            ("servers", ListNode.Of(MapNode.Of(
                ("port", MapNode.Of(("number", IstioLabels.EastWestPort), ("name", "tls"), ("protocol", "TLS"))),
                ("tls", MapNode.Of(("mode", "AUTO_PASSTHROUGH"))),
                ("hosts", ListNode.Of("*.local", "*." + globalDomain)))))))));

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
        var meta = ObjectMeta.Named(name, IstioLabels.IstioSystem).WithLabel("app", name).WithLabel("istio", selector["istio"]);
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

        var nodePort = gateway.AddressMode == GatewayAddressMode.NodePort;
        var dialled = IstioLabels.DialledPort(kind);
        (string Name, int Port, int Target)[] ports = eastWest
            ? [("status-port", 15021, 15021), ("tls", IstioLabels.EastWestPort, IstioLabels.EastWestPort), ("tls-istiod", 15012, 15012), ("tls-webhook", 15017, 15017)]
            : [("status-port", 15021, 15021), ("http2", 80, 80), ("https", 443, 443)];
        var spec = MapNode.Of(
            ("type", nodePort ? "NodePort" : "LoadBalancer"),
            ("selector", MapNode.OfStrings(selector)),
            ("ports", ListNode.From(ports.Select(p => (ManifestNode)MapNode.Of(
                ("name", p.Name),
                ("port", p.Port),
                ("targetPort", p.Target),
                ("protocol", "TCP"),
                ("nodePort", nodePort && p.Port == dialled && gateway.NodePort is { } pinned ? pinned : null))))));
        return new KubeObject("v1", "Service", meta, MapNode.Of(("spec", spec)));
    }

    /// <summary>
    /// The one ServiceEntry a cluster has for a global host. Endpoints are the local Kubernetes
    /// Service where the service runs here, and each other serving cluster's east-west gateway.
    /// </summary>
    public static KubeObject ServiceEntry(string host, string address, ServiceSpec service, IEnumerable<GlobalEndpoint> endpoints) =>
        new(NetworkingV1, "ServiceEntry", ObjectMeta.Named(host, IstioLabels.IstioSystem), MapNode.Of(("spec", MapNode.Of(
            ("hosts", ListNode.Of(host)),
            ("addresses", ListNode.Of(address)),
            ("location", "MESH_INTERNAL"),
            ("resolution", "DNS"),
            ("ports", ListNode.From(service.Ports.Select(p => (ManifestNode)MapNode.Of(
                ("number", p.Number), ("name", p.Name), ("protocol", p.Protocol))))),
            ("endpoints", ListNode.From(endpoints.Select(e => (ManifestNode)MapNode.Of(
                ("address", e.Address),
                ("ports", e.Port is null ? null : new MapNode(service.Ports.Select(p => new MapEntry(p.Name, e.Port)).ToImmutableArray())),
                ("labels", MapNode.OfStrings(e.Labels))))))))));

    /// <summary>mTLS to a global host, with a subset per serving cluster and per version.</summary>
    public static KubeObject GlobalDestinationRule(string host, ServiceSpec service) =>
        new(NetworkingV1, "DestinationRule", ObjectMeta.Named(host, IstioLabels.IstioSystem), MapNode.Of(("spec", MapNode.Of(
            ("host", host),
            ("trafficPolicy", IstioMutual()),
            ("subsets", ListNode.From(
                service.ServingClusters.Select(c => Subset(c, IstioLabels.ClusterLabel, c))
                    .Concat(service.Versions.Select(v => Subset(v, IstioLabels.VersionLabel, v)))))))));

    /// <summary>Version subsets for the local Kubernetes Service, so routes can target local versions.</summary>
    public static KubeObject LocalDestinationRule(ServiceSpec service, IEnumerable<string> localVersions) =>
        new(NetworkingV1, "DestinationRule", ObjectMeta.Named($"{service.Name}-{service.Namespace}-local", IstioLabels.IstioSystem), MapNode.Of(("spec", MapNode.Of(
            ("host", service.LocalHost),
            ("trafficPolicy", IstioMutual()),
            ("subsets", ListNode.From(localVersions.Select(v => Subset(v, IstioLabels.VersionLabel, v))))))));

    /// <summary>
    /// A route as seen from one client cluster: each target version goes to the local Service's
    /// subset where that version runs here, otherwise to the global host's version subset.
    /// </summary>
    public static KubeObject RouteVirtualService(RouteSpec route, ServiceSpec service, string globalHost, string clientCluster)
    {
        var local = service.RunsIn(clientCluster);
        var localVersions = service.VersionsIn(clientCluster);
        ManifestNode Destination(WeightedVersion target, int count) => MapNode.Of(
            ("destination", MapNode.Of(
                ("host", localVersions.Contains(target.Version) ? service.LocalHost : globalHost),
                ("subset", target.Version))),
            ("weight", count > 1 ? target.Weight : null));

        ManifestNode Rule(HttpRouteRule rule)
        {
            var headers = new MapNode(rule.Headers.Select(h => new MapEntry(h.Header, MapNode.Of((h.Kind, h.Value)))).ToImmutableArray());
            return MapNode.Of(
                ("match", rule.Headers.IsEmpty ? null : ListNode.Of(MapNode.Of(("headers", headers)))),
                ("route", ListNode.From(rule.Targets.Select(t => Destination(t, rule.Targets.Length)))));
        }

        var spec = MapNode.Of(
            ("hosts", local ? ListNode.Of(service.LocalHost, globalHost) : ListNode.Of(globalHost)),
            ("http", ListNode.From(route.Rules.Select(Rule))));
        return new KubeObject(NetworkingV1, "VirtualService", ObjectMeta.Named($"{service.Name}-{service.Namespace}-routes", IstioLabels.IstioSystem), MapNode.Of(("spec", spec)));
    }

    /// <summary>The mesh-wide mTLS mode: a PeerAuthentication named default in the root namespace.</summary>
    public static KubeObject MeshPeerAuthentication(MtlsMode mode) =>
        new(SecurityV1, "PeerAuthentication", ObjectMeta.Named("default", IstioLabels.IstioSystem), MapNode.Of(("spec", MapNode.Of(
            ("mtls", MapNode.Of(("mode", mode == MtlsMode.Strict ? "STRICT" : "PERMISSIVE")))))));

    private static MapNode IstioMutual() => MapNode.Of(("tls", MapNode.Of(("mode", "ISTIO_MUTUAL"))));

    private static ManifestNode Subset(string name, string label, string value) =>
        MapNode.Of(("name", name), ("labels", MapNode.OfStrings([KeyValuePair.Create(label, value)])));
}
