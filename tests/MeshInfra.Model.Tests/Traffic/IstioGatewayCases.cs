using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Cases ported from Istio's own tests (identical at 1.30.3 and 1.31.0-rc.0): gateway and VirtualService
/// host matching (pkg/config/host/name_test.go, TestNameSubsetOf; names_test.go, TestNamesIntersection),
/// gateway name resolution (pilot/pkg/model/virtualservice_test.go, gatewayNameTests), and Envoy's uri
/// path specifiers as route.go's TranslateRouteMatch writes them.
/// </summary>
public sealed class IstioGatewayCases
{
    [Theory]
    [InlineData("", "", true)]
    [InlineData("", "foo.com", false)]
    [InlineData("foo.com", "", false)]
    [InlineData("foo.com", "foo.com", true)]
    [InlineData("bar.com", "foo.com", false)]
    [InlineData("foo.com", "bar.com", false)]
    [InlineData("bar.foo.com", "foo.com", false)]
    [InlineData("foo.com", "bar.foo.com", false)]
    [InlineData("foo.com", "*.com", true)]
    [InlineData("bar.com", "*.com", true)]
    [InlineData("bar.foo.com", "*.foo.com", true)]
    [InlineData("foo.com", "*", true)]
    [InlineData("*.com", "*", true)]
    [InlineData("com", "*", true)]
    [InlineData("*", "*", true)]
    [InlineData("", "*", true)]
    [InlineData("*.foo.com", "*.com", true)]
    [InlineData("*.foo.com", "foo.com", false)]
    [InlineData("*.foo.bar.baz", "baz", false)]
    [InlineData("foo.bar.baz", "*.baz", true)]
    public void NameSubsetOf(string a, string b, bool subset) => Assert.Equal(subset, GatewayHosts.SubsetOf(a, b));

    public static TheoryData<string[], string[], string[]> IntersectionCases => new()
    {
        { ["foo,com"], ["bar.com"], [] },
        { ["foo.com", "bar.com"], ["bar.com"], ["bar.com"] },
        { ["foo.com", "bar.com"], ["*.com"], ["foo.com", "bar.com"] },
        { ["*.com"], ["foo.com", "bar.com"], ["foo.com", "bar.com"] },
        { ["foo.com", "*.net"], ["*.com", "bar.net"], ["foo.com", "bar.net"] },
        { ["foo.com", "*.net"], ["*.bar.net"], ["*.bar.net"] },
        { ["foo.com", "bar.net"], ["*"], ["foo.com", "bar.net"] },
        { ["foo.com"], [], [] },
        { [], ["bar.com"], [] },
        { ["*", "foo.com"], ["foo.com"], ["foo.com"] },
        { ["*"], ["foo.com"], ["foo.com"] },
        { ["foo.com"], ["Foo.com"], [] },
    };

    [Theory]
    [MemberData(nameof(IntersectionCases))]
    public void NamesIntersection(string[] a, string[] b, string[] intersection) =>
        Assert.Equal(intersection, GatewayHosts.Intersection(a, b));

    [Theory]
    [InlineData("./gateway", "default", "default/gateway")]
    [InlineData("gateway", "default", "default/gateway")]
    [InlineData("default/gateway", "foo", "default/gateway")]
    [InlineData("gateway.default", "default", "default/gateway")]
    [InlineData("gateway.default", "foo", "default/gateway")]
    [InlineData("private.ingress.svc.cluster.local", "foo", "ingress/private")]
    [InlineData("mesh", "foo", "mesh")]
    public void ResolveGatewayName(string gateway, string ns, string resolved) =>
        Assert.Equal(resolved, VirtualServiceView.ResolveGatewayName(gateway, ns));

    [Theory]
    // pilot/pkg/model/gateway.go, sanitizeServerHostNamespace: ./ is the Gateway's namespace, */ drops, */* is everything.
    [InlineData(new[] { "./a.com", "*/b.com", "ns/c.com" }, "gw-ns", new[] { "gw-ns/a.com", "b.com", "ns/c.com" })]
    [InlineData(new[] { "a.com", "*/*" }, "gw-ns", new[] { "*" })]
    public void ServerHostsAreSanitized(string[] hosts, string ns, string[] sanitized) =>
        Assert.Equal(sanitized, GatewayHosts.Sanitize(hosts, ns));

    [Theory]
    // names.go, NamesForNamespace: ns/h only for VirtualServices in ns (or */h), namespace stripped.
    [InlineData(new[] { "bar/a.com", "foo/b.com", "c.com", "*/d.com" }, "bar", new[] { "a.com", "c.com", "d.com" })]
    public void ServerHostsForANamespace(string[] hosts, string ns, string[] visible) =>
        Assert.Equal(visible, GatewayHosts.ForNamespace(hosts, ns));

    [Theory]
    [InlineData(new[] { "a.example.com", "*.example.com", "*" }, "a.example.com", "a.example.com")]
    [InlineData(new[] { "*.example.com", "*.b.example.com", "*" }, "x.b.example.com", "*.b.example.com")]
    [InlineData(new[] { "*.example.com", "*" }, "example.com", "*")]
    [InlineData(new[] { "a.example.com" }, "A.Example.com:8080", "a.example.com")]
    [InlineData(new[] { "a.example.com" }, "b.example.com", null)]
    public void TheVirtualHostEnvoyPicks(string[] domains, string authority, string? picked) =>
        Assert.Equal(picked, GatewayHosts.VirtualHost(domains, authority));

    [Theory]
    [InlineData("exact", "/productpage", "/productpage", true)]
    [InlineData("exact", "/productpage", "/productpage?u=normal", true)] // the query is not part of the path
    [InlineData("exact", "/productpage", "/productpage/", false)]
    [InlineData("prefix", "/static", "/static/css/a.css", true)]
    [InlineData("prefix", "/static", "/staticfiles", true)] // a plain string prefix for networking.istio.io objects
    [InlineData("prefix", "/static", "/Static", false)]
    [InlineData("regex", "/status/[0-9]+", "/status/200", true)]
    [InlineData("regex", "/status/[0-9]+", "/status/200/more", false)] // RE2 full match
    public void UriMatches(string kind, string value, string path, bool holds) =>
        Assert.Equal(holds, new UriCondition(kind, value).Holds(path));
}
