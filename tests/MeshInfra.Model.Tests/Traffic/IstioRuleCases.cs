using System.Collections.Immutable;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Cases ported from Istio's own tests at 1.30.3 (and 1.31.0-rc.0 where they differ), as data: the
/// model's rules must agree with them. Each names the Istio test and case it comes from.
/// </summary>
public sealed class IstioRuleCases
{
    private static readonly DocReader Read = new(v => v.Placeholder);

    private static MapNode Tls(string mode) => MapNode.Of(("tls", MapNode.Of(("mode", mode))));

    private static MapNode PortLevel(int port, string mode) =>
        MapNode.Of(("portLevelSettings", ListNode.Of(MapNode.Of(("port", MapNode.Of(("number", port))), ("tls", MapNode.Of(("mode", mode)))))));

    private static MapNode Merge(MapNode a, MapNode b) => new([.. a.Entries, .. b.Entries]);

    private static DestinationRuleView Rule(MapNode? policy, params SubsetView[] subsets) =>
        new("example.ns.svc.cluster.local", "ns", policy, [.. subsets], new ObjectRef("c", "DestinationRule", "ns", "example"));

    private static SubsetView Subset(string name, MapNode? policy) =>
        new(name, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", "example")]), policy);

    public static TheoryData<string, string, bool, bool> MtlsCases => new()
    {
        // ep_filters_test.go, TestEndpointsWithMTLSFilter over mtlsCases (DestinationRule cases), port 80.
        // Case name, Istio minor, endpoint kept in 1.30.3, kept in 1.31.
        { "mtls-on-destination-level", "", true, true },
        { "mtls-on-port-level", "", true, true },
        { "mtls-off-destination-level", "", false, false },
        { "mtls-off-port-level", "", false, false },
        { "mtls-off-subset-level", "disable-tls", false, false },
        { "mtls-on-subset-level", "enable-tls", true, true },
        { "mtls-off-subset-fallback-to-destination", "no-tls", true, false },
        { "mtls-on-subset-fallback-to-destination", "no-tls", true, true },

        // Not in mtlsCases at either tag (they use only ISTIO_MUTUAL and DISABLE): the same rules with
        // SIMPLE and MUTUAL, read from mtls_checker.go checkMtlsEnabled, which keeps the endpoint only
        // when the rule's mode `== ClientTLSSettings_ISTIO_MUTUAL` (1.30.3 and 1.31.0-rc.0 alike): a
        // SIMPLE or MUTUAL rule is the user's own TLS, so the east-west gateway's SNI-DNAT cluster drops
        // the endpoint like under DISABLE.
        { "simple-destination-level", "", false, false },
        { "mutual-destination-level", "", false, false },
        { "simple-port-level", "", false, false },
        { "mutual-port-level-over-istio-mutual", "", false, false },
        { "istio-mutual-port-level-over-simple", "", true, true },
        { "simple-on-another-port", "", true, true },
        { "simple-subset-level", "simple-tls", false, false },
        { "mutual-subset-level", "mutual-tls", false, false },
        { "simple-subset-fallback-to-destination", "no-tls", true, false },
        { "mutual-subset-fallback-to-destination", "no-tls", true, false },
    };

    [Theory]
    [MemberData(nameof(MtlsCases))]
    public void TheMtlsEndpointFilterAgreesWithIstiosEpFiltersTest(string name, string subset, bool kept1303, bool kept131)
    {
        var connectionPoolOnly = MapNode.Of(("connectionPool", MapNode.Of(("tcp", MapNode.Of(("maxConnections", 10L))))));
        var rule = name switch
        {
            "mtls-on-destination-level" => Rule(Tls("ISTIO_MUTUAL")),
            "mtls-on-port-level" => Rule(PortLevel(80, "ISTIO_MUTUAL")),
            "mtls-off-destination-level" => Rule(Tls("DISABLE")),
            "mtls-off-port-level" => Rule(PortLevel(80, "DISABLE")),
            "mtls-off-subset-level" => Rule(Tls("ISTIO_MUTUAL"), Subset("disable-tls", Tls("DISABLE"))),
            "mtls-on-subset-level" => Rule(Tls("DISABLE"), Subset("enable-tls", Tls("ISTIO_MUTUAL"))),
            "mtls-off-subset-fallback-to-destination" => Rule(Tls("DISABLE"), Subset("no-tls", connectionPoolOnly)),
            "mtls-on-subset-fallback-to-destination" => Rule(Tls("ISTIO_MUTUAL"), Subset("no-tls", connectionPoolOnly)),
            "simple-destination-level" => Rule(Tls("SIMPLE")),
            "mutual-destination-level" => Rule(Tls("MUTUAL")),
            "simple-port-level" => Rule(PortLevel(80, "SIMPLE")),
            "mutual-port-level-over-istio-mutual" => Rule(Merge(Tls("ISTIO_MUTUAL"), PortLevel(80, "MUTUAL"))),
            "istio-mutual-port-level-over-simple" => Rule(Merge(Tls("SIMPLE"), PortLevel(80, "ISTIO_MUTUAL"))),
            "simple-on-another-port" => Rule(Merge(Tls("ISTIO_MUTUAL"), PortLevel(81, "SIMPLE"))),
            "simple-subset-level" => Rule(Tls("ISTIO_MUTUAL"), Subset("simple-tls", Tls("SIMPLE"))),
            "mutual-subset-level" => Rule(Tls("ISTIO_MUTUAL"), Subset("mutual-tls", Tls("MUTUAL"))),
            "simple-subset-fallback-to-destination" => Rule(Tls("SIMPLE"), Subset("no-tls", connectionPoolOnly)),
            "mutual-subset-fallback-to-destination" => Rule(Tls("MUTUAL"), Subset("no-tls", connectionPoolOnly)),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var chosen = subset.Length == 0 ? null : rule.Subset(subset);

        // The endpoint is an injected pod (tlsMode istio) and no PeerAuthentication disables mTLS.
        Assert.Equal(kept1303, IstioRules.KeptByMtlsFilter(true, IstioRules.FilterTlsMode(rule, chosen, 80, "1.30", Read)));
        Assert.Equal(kept131, IstioRules.KeptByMtlsFilter(true, IstioRules.FilterTlsMode(rule, chosen, 80, "1.31", Read)));

        // An endpoint without tlsMode istio is never kept, whatever the rule says.
        Assert.False(IstioRules.KeptByMtlsFilter(false, IstioRules.FilterTlsMode(rule, chosen, 80, "1.30", Read)));
    }

    [Theory]
    // serviceentry/conversion.go getTLSModeFromWorkloadEntry: the label wins, else a service account, else disabled.
    [InlineData("istio", null, true)]
    [InlineData(null, "sa", true)]
    [InlineData("disabled", "sa", false)]
    [InlineData(null, null, false)]
    public void AServiceEntryEndpointHasIstioTlsModeOnlyFromItsLabelOrAServiceAccount(string? label, string? serviceAccount, bool istio)
    {
        var labels = label is null ? ImmutableSortedDictionary<string, string>.Empty : ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("security.istio.io/tlsMode", label)]);
        var endpoint = new SeEndpoint("10.0.0.1", ImmutableSortedDictionary<string, string>.Empty, labels, null, null, serviceAccount);
        Assert.Equal(istio, IstioRules.ServiceEntryEndpointIsIstioMtls(endpoint));
    }

    [Theory]
    // The first two rows are pilot/pkg/model/config_test.go TestSubsetKey (same at 1.30.3 and 1.31.0-rc.0),
    // which checks BuildSubsetKey only; the SNI column and the third row are ours, from service.go
    // BuildSubsetKey / BuildDNSSrvSubsetKey at both tags (no Istio test covers BuildDNSSrvSubsetKey).
    [InlineData(80, "", "hostname", "outbound|80||hostname", "outbound_.80_._.hostname")]
    [InlineData(80, "subset", "hostname", "outbound|80|subset|hostname", "outbound_.80_.subset_.hostname")]
    [InlineData(80, "v1", "reviews.default.svc.cluster.local", "outbound|80|v1|reviews.default.svc.cluster.local", "outbound_.80_.v1_.reviews.default.svc.cluster.local")]
    public void ClusterNamesAndSnisAreIstiosSubsetKeys(int port, string subset, string host, string cluster, string sni)
    {
        Assert.Equal(cluster, IstioNames.OutboundCluster(port, subset, host));
        Assert.Equal(sni, IstioNames.Sni(port, subset, host));
    }

    [Theory]
    // host/name.go Name.SubsetOf as gateway.go uses it; the namespace part of a server host is ignored.
    [InlineData("a.apps.svc.cluster.local", "a.apps.svc.cluster.local", true)]
    [InlineData("b.apps.svc.cluster.local", "a.apps.svc.cluster.local", false)]
    [InlineData("*.local", "reviews.default.svc.cluster.local", true)]
    [InlineData("*", "reviews.default.global", true)]
    [InlineData("*.global", "reviews.default.svc.cluster.local", false)]
    [InlineData("other/a.apps.svc.cluster.local", "a.apps.svc.cluster.local", true)]
    public void GatewayServerHostsAdmitServicesAsIstioMatchesThem(string serverHost, string serviceHost, bool admitted) =>
        Assert.Equal(admitted, IstioRules.GatewayHostAdmits(serverHost, serviceHost));

    [Fact]
    public void APortLevelEntryReplacesTheWholePolicyAndASubsetPortEntryReplacesItAgain()
    {
        // util.go GetPortLevelTrafficPolicy: "Traffic settings specified at the destination-level will
        // not be inherited when overridden by port-level settings"; MergeSubsetTrafficPolicy.
        var outlier = MapNode.Of(("consecutive5xxErrors", 5L));
        static MapNode SniAt(long port, string sni) => MapNode.Of(
            ("port", MapNode.Of(("number", port))),
            ("tls", MapNode.Of(("mode", "ISTIO_MUTUAL"), ("sni", sni))));
        var top = MapNode.Of(
            ("tls", MapNode.Of(("mode", "ISTIO_MUTUAL"))),
            ("outlierDetection", outlier),
            ("portLevelSettings", ListNode.Of(SniAt(9080, "top-sni"))));
        var v1 = Subset("v1", MapNode.Of(("portLevelSettings", ListNode.Of(SniAt(9080, "v1-sni")))));
        var v2 = Subset("v2", MapNode.Of(("loadBalancer", MapNode.Of(("simple", "ROUND_ROBIN")))));
        var rule = Rule(top, v1, v2);

        var port = IstioRules.Policy(rule, null, 9080);
        Assert.Equal("top-sni", Read.Str(port.Tls!["sni"]));
        Assert.Null(port.OutlierDetection);
        Assert.Same(outlier, IstioRules.Policy(rule, null, 8080).OutlierDetection);

        Assert.Equal("v1-sni", Read.Str(IstioRules.Policy(rule, rule.Subset("v1"), 9080).Tls!["sni"]));

        // A subset without tls inherits the rule's, SNI included: why MeshInfra sets one per subset.
        Assert.Equal("top-sni", Read.Str(IstioRules.Policy(rule, rule.Subset("v2"), 9080).Tls!["sni"]));
    }

    [Theory]
    // loadbalancer.go applyLocalityFailover: 0 same subzone, 1 same zone, 2 same region, 3 otherwise.
    [InlineData("us/a/1", "us/a/1", 0)]
    [InlineData("us/a/1", "us/a/2", 1)]
    [InlineData("us/a", "us/b", 2)]
    [InlineData("us", "eu", 3)]
    [InlineData(null, null, 0)]
    [InlineData(null, "cluster2", 3)]
    public void LocalityPriorityFollowsIstiosFailoverOrder(string? client, string? endpoint, int priority) =>
        Assert.Equal(priority, IstioRules.LocalityPriority(client, endpoint));
}
