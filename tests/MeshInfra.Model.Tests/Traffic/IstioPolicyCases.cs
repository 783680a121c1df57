using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Cases ported from Istio's own tests, as data, for the rules the model follows for wildcard hosts, Sidecar
/// imports and AuthorizationPolicy matching; each row names the Istio test it comes from (1.30.3 and
/// 1.31.0-rc.0 hold the same rows unless a row says otherwise). Plus the priority-load table of Envoy's docs.
/// </summary>
public sealed class IstioPolicyCases
{
    public static TheoryData<string, string, string> MostSpecificCases => new()
    {
        // pilot/pkg/model/config_test.go, TestMostSpecificHostMatch: candidate hosts, needle, expected ("" none).
        { "", "*", "" },
        { "*.foo.com *.com", "bar.foo.com", "*.foo.com" },
        { "*.foo.com *.com", "foo.com", "*.com" },
        { "foo.com *.com", "*.foo.com", "*.com" },
        { "*.foo.com foo.com", "foo.com", "foo.com" },
        { "*.foo.com foo.com", "*.foo.com", "*.foo.com" },
        { "bar.com foo.com", "*.com", "" },
        { "bar.com *.foo.com", "*foo.com", "" },
        { "foo.com *.foo.com", "*foo.com", "" },
        { "*.bar.com foo.bar.com", "foo.bar.com", "foo.bar.com" },
        { "*.foo.bar.com bar.foo.bar.com", "bar.foo.bar.com", "bar.foo.bar.com" },
        { "bar.foo.com foo.bar.com", "*.foo.com", "" },
        { "foo.bar.foo.com bar.foo.bar.com", "*.bar.foo.com", "" },

        // The mesh's own hosts (not in Istio's table): a user's *.global and * rules.
        { "* *.global", "reviews.default.global", "*.global" },
        { "* *.default.svc.cluster.local", "reviews.default.svc.cluster.local", "*.default.svc.cluster.local" },
        { "*", "reviews.default.global", "*" },
    };

    [Theory]
    [MemberData(nameof(MostSpecificCases))]
    public void MostSpecificHostAgreesWithIstiosTestMostSpecificHostMatch(string hosts, string needle, string expected)
    {
        var found = HostMatch.MostSpecific(needle, hosts.Split(' ', StringSplitOptions.RemoveEmptyEntries), h => h);
        Assert.Equal(expected, found ?? "");
    }

    public static TheoryData<string, string, string, string, string, bool> EgressCases => new()
    {
        // pilot/pkg/model/sidecar_test.go, TestIstioEgressListenerWrapper (selectServices): listener hosts,
        // service host, service namespace, proxy namespace, Istio minor, imported. Its rows about picking one
        // namespace among several for the same host are left out: the model holds one service per host.
        { "*/alt", "alt", "a", "a", "1.30", true },
        { "*/alt", "host", "a", "a", "1.30", false },
        { "b/alt", "alt", "b", "a", "1.30", true },
        { "b/alt", "alt", "a", "a", "1.30", false },
        { "b/*", "host", "a", "a", "1.30", false },
        { "a/* */*", "host", "a", "a", "1.30", true },
        { "*/host a/alt", "host", "a", "a", "1.30", true },
        { "*/host a/alt", "alt", "a", "a", "1.30", true },
        { "b/wildcard.com", "*.test.wildcard.com", "b", "b", "1.30", false },
        { "b/*.wildcard.com", "*.test.wildcard.com", "b", "b", "1.30", true },

        // 1.31.0-rc.0 only (TestIstioEgressListenerWrapper's exclusion rows): a ~ prefix excludes.
        { "*/* ~b/*", "host", "b", "a", "1.31", false },
        { "*/* ~b/*", "host", "a", "a", "1.31", true },
        { "*/* ~/host", "host", "b", "a", "1.31", false },
        { "*/* ~/host", "alt", "a", "a", "1.31", true },
        { "b/* ~b/*.wildcard.com", "*.test.wildcard.com", "b", "b", "1.31", false },
        { "*/* ~a/*", "host", "b", "b", "1.31", true },

        // The same ~ entries at 1.30.3 (convertIstioListenerToWrapper has no exclusion): '~' is a namespace no
        // service is in, so the entry imports nothing and excludes nothing.
        { "*/* ~b/*", "host", "b", "a", "1.30", true },
        { "~/*", "host", "a", "a", "1.30", false },

        // convertIstioListenerToWrapper: "./" is the Sidecar's own namespace; an entry without one '/' is skipped.
        { "./*", "cart.shop.svc.cluster.local", "shop", "shop", "1.30", true },
        { "./*", "cart.shop.svc.cluster.local", "shop", "web", "1.30", false },
        { "cart.shop.global", "cart.shop.global", "istio-system", "web", "1.30", false },
        { "istio-system/*.global", "cart.shop.global", "istio-system", "web", "1.30", true },
    };

    [Theory]
    [MemberData(nameof(EgressCases))]
    public void SidecarImportsAgreeWithIstiosTestIstioEgressListenerWrapper(string hosts, string host, string serviceNamespace, string proxyNamespace, string minor, bool imported) =>
        Assert.Equal(imported, SidecarView.ListenerImports(hosts.Split(' '), host, serviceNamespace, proxyNamespace, minor));

    public static TheoryData<string, string, string, bool> StringMatcherCases => new()
    {
        // pilot/pkg/security/authz/matcher/string_test.go, TestStringMatcherWithPrefix: value, prefix, then a
        // string the matcher it builds accepts (true) or rejects (false).
        { "*", "abc", "abcx", true },
        { "*", "abc", "", false },
        { "-prefix-*", "abc", "abc-prefix-x", true },
        { "-prefix-*", "abc", "-prefix-x", false },
        { "*-suffix", "", "x-suffix", true },
        { "*-suffix", "abc", "abcx-suffix", true },
        { "*-suffix", "abc", "x-suffix", false },
        { "*admin.example", "spiffe://cluster.local/ns/foo/sa/", "spiffe://cluster.local/ns/foo/sa/my-admin.example", true },
        { "-exact", "abc", "abc-exact", true },
        { "-exact", "abc", "abc-exactly", false },
    };

    [Theory]
    [MemberData(nameof(StringMatcherCases))]
    public void PrincipalAndPathMatchingAgreesWithIstiosTestStringMatcherWithPrefix(string value, string prefix, string actual, bool matches) =>
        Assert.Equal(matches, AuthorizationRules.StringMatches(value, prefix, actual));

    public static TheoryData<string, string, bool> NamespaceCases => new()
    {
        // pilot/pkg/security/authz/model/generator_test.go, TestNamespaceMatcherRegex_Match.
        { "ns.prod", "spiffe://cluster.local/ns/ns.prod/sa/admin", true },
        { "ns.prod", "spiffe://cluster.local/ns/nsXprod/sa/admin", false },
        { "ns.*.prod", "spiffe://cluster.local/ns/ns.any.prod/sa/admin", true },
        { "ns.*.prod", "spiffe://cluster.local/ns/nsXanyXprod/sa/admin", false },
    };

    [Theory]
    [MemberData(nameof(NamespaceCases))]
    public void SourceNamespacesAgreeWithIstiosTestNamespaceMatcherRegex(string value, string peer, bool matches) =>
        Assert.Equal(matches, AuthorizationRules.NamespaceMatches(value, peer));

    public static TheoryData<int, int> PriorityTable => new()
    {
        // Envoy docs, intro/arch_overview/upstream/load_balancing/priority: "P=0 healthy endpoints" against
        // "Traffic to P=0" with P=1 fully healthy (100 hosts at P=0 here, so healthy hosts are the percent).
        { 100, 100 },
        { 72, 100 },
        { 71, 99 },
        { 50, 70 },
        { 25, 35 },
        { 0, 0 },
    };

    [Theory]
    [MemberData(nameof(PriorityTable))]
    public void PriorityLoadAgreesWithEnvoysTable(int healthyAtP0, int percentToP0)
    {
        var hosts = Enumerable.Range(0, 100).Select(i => new FailoverHost(0, 1, i >= healthyAtP0 ? 1 : 0)).Append(new FailoverHost(1, 1, 0)).ToList();
        var shares = PriorityLoad.Shares(hosts);
        Assert.Equal(percentToP0 / 100.0, shares.Take(100).Sum(), 6);
        Assert.Equal((100 - percentToP0) / 100.0, shares[100], 6);
    }
}
