using System.Collections.Immutable;
using System.Text.Json;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// VirtualServices with wildcard hosts (<c>*.global</c>, <c>*</c>) beside exact ones: a service takes the first
/// VirtualService naming it exactly, else the first with the longest wildcard covering it (pilot/pkg/model/sidecar.go,
/// computeWildcardHostVirtualServiceIndex; route/route.go, separateVSHostsAndServices; 1.30.3 and 1.31.0-rc.0).
/// </summary>
public sealed class WildcardVirtualServiceCases
{
    private static MapNode Obj(string json) => (MapNode)ManifestJson.FromJson(JsonDocument.Parse(json).RootElement)!;

    private static string VirtualService(string name, string ns, string hosts, string? created = null, string? exportTo = null, string? http = null) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"VirtualService\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"" + ns + "\""
        + (created is null ? "" : ", \"creationTimestamp\": \"" + created + "\"") + " }, \"spec\": { \"hosts\": [" + string.Join(", ", hosts.Split(' ').Select(h => "\"" + h + "\"")) + "]"
        + (exportTo is null ? "" : ", \"exportTo\": [\"" + exportTo + "\"]")
        + (http is null ? "" : ", \"http\": [" + http + "]")
        + " } }";

    private static ClusterView Cluster(params string[] objects) =>
        new TrafficModel([new ClusterState("c1", null, [.. objects.Select(Obj)], ImmutableSortedDictionary<string, MapNode>.Empty, null)], [], TrafficFixture.Placeholder, "1.30.3").Clusters["c1"];

    /// <summary>
    /// sidecar_test.go, TestComputeWildcardHostVirtualServiceIndex, case "most specific" (1.30.3 and 1.31.0-rc.0),
    /// with its creation times. baz takes *.example.com; qux.bar and the wildcard service *.bar.example.com take the
    /// oldest *.bar.example.com one. Istio's test hands the function its list unsorted (foo before the older foo2)
    /// and so gets foo; istiod sorts by creation time first (config.go sortConfigByCreationTime at 1.30.3,
    /// configCompareByCreationTime at 1.31.0-rc.0), so in a cluster the older foo2 wins, as here.
    /// </summary>
    [Theory]
    [InlineData("foo.example.com", "foo2")]
    [InlineData("baz.example.com", "wild")]
    [InlineData("qux.bar.example.com", "barwild")]
    [InlineData("*.bar.example.com", "barwild")]
    [InlineData("other.org", null)]
    public void TheMostSpecificHostWinsAsInIstiosTestComputeWildcardHostVirtualServiceIndex(string service, string? want)
    {
        var cluster = Cluster(
            VirtualService("foo", "default", "foo.example.com", "2026-12-01T12:00:00Z"),
            VirtualService("foo2", "default", "foo.example.com", "2026-12-01T11:30:00Z"),
            VirtualService("wild", "default", "*.example.com", "2026-12-01T11:00:00Z"),
            VirtualService("barwild", "default", "*.bar.example.com", "2026-12-01T10:00:00Z"),
            VirtualService("barwild2", "default", "*.bar.example.com", "2026-12-01T11:00:00Z"));
        Assert.Equal(want, cluster.VirtualServiceFor(service, "default")?.Source.Name);
    }

    [Fact]
    public void AnExactHostBeatsAnOlderWildcardAndAPrivateWildcardBeatsAPublicOneOnlyForItsNamespace()
    {
        var cluster = Cluster(
            VirtualService("everything", "ops", "*", "2026-01-01T00:00:00Z"),
            VirtualService("globals", "shop", "*.global", "2026-06-01T00:00:00Z", exportTo: "."),
            VirtualService("cart", "shop", "cart.shop.global", "2026-12-01T00:00:00Z"));
        Assert.Equal("cart", cluster.VirtualServiceFor("cart.shop.global", "shop")?.Source.Name);
        Assert.Equal("globals", cluster.VirtualServiceFor("ratings.default.global", "shop")?.Source.Name);
        Assert.Equal("everything", cluster.VirtualServiceFor("ratings.default.global", "web")?.Source.Name);
        Assert.Equal("everything", cluster.VirtualServiceFor("ratings.default.svc.cluster.local", "shop")?.Source.Name);
    }

    /// <summary>
    /// A user's public <c>*.global</c> VirtualService whose only rule matches a header: it takes every global host
    /// MeshInfra does not route by name (httpbin), so sleep's plain request gets Envoy's 404; reviews keeps
    /// MeshInfra's exact route, so jason still reaches v2 and v3.
    /// </summary>
    [Fact]
    public void AUsersWildcardRouteTakesTheGlobalHostsWithoutAnExactRouteAndNoOthers()
    {
        var canary = VirtualService("canary", "ops", "*.global", "2026-11-01T00:00:00Z",
            http: "{ \"match\": [ { \"headers\": { \"x-canary\": { \"exact\": \"1\" } } } ], \"route\": [ { \"destination\": { \"host\": \"httpbin.bar.global\" } } ] }");
        var model = TrafficFixture.For(Configs.Seed, s => s.Name == "cluster1" ? s with { Objects = s.Objects.Add(Obj(canary)) } : s).Model;

        var plain = model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000));
        Assert.Empty(plain.Arrivals);
        var failure = Assert.Single(plain.Failures);
        Assert.Equal(FailureKind.NoRouteMatch, failure.Kind);
        Assert.Equal("cluster1 VirtualService ops/canary", failure.At?.ToString());

        Assert.Equal("cluster2 v1 100%", model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000, ("x-canary", "1"))).SharesText);
        var jason = model.Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "reviews.default.global", 9080, ("end-user", "jason")));
        Assert.Equal("cluster2 v2 50%, cluster2 v3 50%", jason.SharesText);
    }
}
