using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Name resolution cases from Istio 1.30.3's pkg/dns/client/dns_test.go (TestDNS, over the fillTable
/// fixture), and AUTO_PASSTHROUGH filter-chain cases derived from gateway.go builtAutoPassthroughFilterChains
/// and model/gateway_test.go TestGetAutoPassthroughSNIHosts.
/// </summary>
public sealed class IstioDnsAndChainCases
{
    private static MapNode Service(string name, string ns, params (string Name, int Port, string Protocol)[] ports) =>
        new KubeObject("v1", "Service", ObjectMeta.Named(name, ns), MapNode.Of(("spec", MapNode.Of(
            ("selector", MapNode.Of(("app", name))),
            ("ports", ListNode.From(ports.Select(p => (ManifestNode)MapNode.Of(("name", p.Name), ("port", p.Port), ("protocol", p.Protocol))))))))).ToNode();

    private static MapNode Entry(string host, string? address, string location = "MESH_INTERNAL", int port = 9080) =>
        new KubeObject("networking.istio.io/v1", "ServiceEntry", ObjectMeta.Named(host, "istio-system"), MapNode.Of(("spec", MapNode.Of(
            ("hosts", ListNode.Of(host)),
            ("addresses", address is null ? null : ListNode.Of(address)),
            ("location", location),
            ("resolution", "DNS"),
            ("ports", ListNode.Of(MapNode.Of(("number", port), ("name", "http"), ("protocol", "HTTP")))))))).ToNode();

    private static MapNode Rule(string host, params string[] subsets) =>
        new KubeObject("networking.istio.io/v1", "DestinationRule", ObjectMeta.Named(host, "istio-system"), MapNode.Of(("spec", MapNode.Of(
            ("host", host),
            ("subsets", ListNode.From(subsets.Select(Subset))))))).ToNode();

    private static ManifestNode Subset(string name) => MapNode.Of(("name", name), ("labels", MapNode.Of(("version", name))));

    private static ClusterView Cluster(params MapNode[] objects)
    {
        var proxyMetadata = MapNode.Of(("ISTIO_META_DNS_CAPTURE", "true"));
        var istiod = MapNode.Of(("meshConfig", MapNode.Of(("defaultConfig", MapNode.Of(("proxyMetadata", proxyMetadata))))));
        var state = new ClusterState("c", null, [.. objects], ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("istiod", istiod)]), null);
        return new TrafficModel([state], [], v => v.Placeholder, "1.30.3").Clusters["c"];
    }

    private static readonly ClusterView FillTable = Cluster(
        Service("productpage", "ns1", ("http", 9080, "TCP")),
        Service("example", "ns2", ("http", 80, "TCP")),
        Entry("www.google.com", "1.1.1.1", "MESH_EXTERNAL"),
        Entry("reviews.default.global", "240.0.0.10"));

    private static readonly Workload Proxy = new("c", "ns1", "client", ImmutableSortedDictionary<string, string>.Empty, true, "default", false, new ObjectRef("c", "Deployment", "ns1", "client"));

    [Theory]
    [InlineData("www.google.com", "1.1.1.1")] // success: non k8s host in local cache
    [InlineData("www.bing.com", null)] // success: non k8s host not in local cache (forwarded upstream)
    [InlineData("productpage.ns1.svc.cluster.local", "ClusterIP(productpage.ns1.svc.cluster.local)")] // k8s host - fqdn
    [InlineData("productpage.ns1", "ClusterIP(productpage.ns1.svc.cluster.local)")] // k8s host - name.namespace
    [InlineData("productpage", "ClusterIP(productpage.ns1.svc.cluster.local)")] // k8s host - shortname
    [InlineData("example.ns2", "ClusterIP(example.ns2.svc.cluster.local)")] // non local namespace - name.namespace
    [InlineData("example.ns2.svc.cluster.local", "ClusterIP(example.ns2.svc.cluster.local)")] // non local namespace - fqdn
    [InlineData("example.ns2.svc", "ClusterIP(example.ns2.svc.cluster.local)")] // non local namespace - name.namespace.svc
    [InlineData("example", null)] // failure: k8s host - non local namespace - shortname
    [InlineData("reviews.default.global", "240.0.0.10")] // DERIVED: a ServiceEntry host with an address
    [InlineData("reviews.default", null)] // DERIVED: ServiceEntry hosts get no short names
    [InlineData("WWW.Google.com.", "1.1.1.1")] // names compare without case; a trailing dot is absolute
    public void TheSidecarDnsProxyAnswersAsIstiosDnsTest(string query, string? answer) =>
        Assert.Equal(answer, DnsModel.Resolve(FillTable, Proxy, query).Address);

    public static TheoryData<string, string[], string[], string[]> ChainCases => new()
    {
        // Case, server hosts, DestinationRule subsets of reviews, expected SNIs.
        { "D1 *.local with subsets", ["*.local"], ["v1", "v2"], ["outbound_.9080_._.ratings.default.svc.cluster.local", "outbound_.9080_._.reviews.default.svc.cluster.local", "outbound_.9080_.v1_.reviews.default.svc.cluster.local", "outbound_.9080_.v2_.reviews.default.svc.cluster.local"] },
        { "D2 exact host", ["reviews.default.svc.cluster.local"], [], ["outbound_.9080_._.reviews.default.svc.cluster.local"] },
        { "D4 namespace prefix ignored", ["other/reviews.default.svc.cluster.local"], [], ["outbound_.9080_._.reviews.default.svc.cluster.local"] },
        { "D9 case-sensitive", ["Reviews.default.svc.cluster.local"], [], [] },
        { "D7 mesh-internal global host", ["*.global"], [], ["outbound_.9080_._.reviews.default.global"] },
        // DERIVED: an empty namespace part. Validation refuses it (validation.go, validateServer, and
        // agent/validation.go, ValidateNamespaceSlashWildcardHostname: "config namespace and dnsName in host
        // entry cannot be empty", 1.30.3 and 1.31.0-rc.0); one that got in anyway (no webhook) loses
        // everything up to its "/" like any other (model/gateway.go, GetSNIHostsForServer, both tags).
        { "D10 empty namespace part", ["/reviews.default.svc.cluster.local"], [], ["outbound_.9080_._.reviews.default.svc.cluster.local"] },
    };

    [Theory]
    [MemberData(nameof(ChainCases))]
    public void AutoPassthroughBuildsAChainPerAdmittedServicePortAndSubset(string name, string[] hosts, string[] subsets, string[] snis)
    {
        Assert.NotEmpty(name);
        var cluster = Cluster(
            Service("reviews", "default", ("http", 9080, "TCP")),
            Service("ratings", "default", ("http", 9080, "TCP")),
            Service("dns", "kube-system", ("dns", 53, "UDP")),
            Entry("reviews.default.global", "240.0.0.10"),
            Entry("external.example.global", "240.0.0.11", "MESH_EXTERNAL"),
            Rule("reviews.default.svc.cluster.local", subsets));
        var server = new PassthroughServer(15443, [.. hosts], ImmutableSortedDictionary<string, string>.Empty, new ObjectRef("c", "Gateway", "istio-system", "g"));
        Assert.Equal(snis, IstioRules.AutoPassthroughChains(cluster, server, "istio-system").Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void UdpPortsAndMeshExternalServicesGetNoChain()
    {
        // D5 and D6: a wildcard admits everything else, never these.
        var cluster = Cluster(Service("dns", "kube-system", ("dns", 53, "UDP"), ("metrics", 9153, "TCP")), Entry("external.example.global", "240.0.0.11", "MESH_EXTERNAL"));
        var server = new PassthroughServer(15443, ["*"], ImmutableSortedDictionary<string, string>.Empty, new ObjectRef("c", "Gateway", "istio-system", "g"));
        Assert.Equal(["outbound_.9153_._.dns.kube-system.svc.cluster.local"], IstioRules.AutoPassthroughChains(cluster, server, "istio-system").Keys);
    }
}
