using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Which VirtualService and DestinationRule a sidecar uses when several name the same host, in Istio's
/// order: private to the client's namespace, exported to it, public; each oldest first, then by name
/// and namespace (pilot/pkg/model/virtualservice.go SelectVirtualServices, push_context.go
/// initVirtualServices and setDestinationRules, config.go sortConfigByCreationTime at 1.30.3 and
/// configCompareByCreationTime at 1.31.0-rc.0).
/// </summary>
public sealed class VirtualServicePrecedenceTests
{
    private static MapNode VirtualService(string name, string ns, string[] hosts, string[]? exportTo = null, string? created = null, string[]? gateways = null, MapNode? route = null) =>
        MapNode.Of(
            ("apiVersion", "networking.istio.io/v1"),
            ("kind", "VirtualService"),
            ("metadata", MapNode.Of(("name", name), ("namespace", ns), ("creationTimestamp", created))),
            ("spec", MapNode.Of(
                ("hosts", ListNode.From(hosts.Select(h => (ManifestNode)new ScalarNode(h)))),
                ("gateways", gateways is null ? null : ListNode.From(gateways.Select(g => (ManifestNode)new ScalarNode(g)))),
                ("exportTo", exportTo is null ? null : ListNode.From(exportTo.Select(e => (ManifestNode)new ScalarNode(e)))),
                ("http", route is null ? null : ListNode.Of(route)))));

    private static ClusterView Cluster(params MapNode[] objects) =>
        new TrafficModel([new ClusterState("c1", null, [.. objects], ImmutableSortedDictionary<string, MapNode>.Empty, null)], [], TrafficFixture.Placeholder, "1.30.3").Clusters["c1"];

    /// <summary>
    /// Ported from Istio's push_context_test.go, TestVirtualServiceWithExportTo (1.30.3 and 1.31.0-rc.0, the same
    /// cases), its mesh-gateway half: the hosts each proxy namespace gets, in order. The objects carry no
    /// creation time there either, so each group goes by name ("rule2" before "rule2Gw").
    /// </summary>
    [Theory]
    [InlineData("test1", "rule1.com rule2.com rule2gw.com rule3.com rootNS.com")]
    [InlineData("test2", "rule2.com rule2gw.com rule3.com rootNS.com")]
    [InlineData("ns1", "rule1.com rule2.com rule2gw.com rule3.com rootNS.com")]
    [InlineData("random", "rule3.com rootNS.com")]
    public void IstiosExportToCasesGiveEachNamespaceItsVirtualServicesInOrder(string proxyNamespace, string wantHosts)
    {
        var cluster = Cluster(
            VirtualService("rule1", "test1", ["rule1.com"], [".", "ns1"]),
            VirtualService("rule2", "test2", ["rule2.com"], ["test2", "ns1", "test1"]),
            VirtualService("rule3", "test3", ["rule3.com"], ["test1", "test2", "*"], gateways: ["mesh"]),
            VirtualService("rule2Gw", "test2", ["rule2gw.com"], ["test2", "ns1", "test1"], gateways: ["default/gateway", "mesh"]),
            VirtualService("rule3Gw", "test3", ["rule3gw.com"], ["test1", "test2", "*"], gateways: ["default/gateway"]),
            VirtualService("zzz", "zzz", ["rootNS.com"]));
        Assert.Equal(wantHosts, string.Join(" ", cluster.VirtualServicesFor(proxyNamespace).SelectMany(v => v.Hosts)));
    }

    [Fact]
    public void AmongPublicOnesTheOldestWinsWhateverItsNameOrNamespace()
    {
        var cluster = Cluster(
            VirtualService("a-newer", "a", ["shop.example.com"], created: "2026-12-01T10:00:01Z"),
            VirtualService("z-older", "z", ["shop.example.com"], created: "2026-12-01T10:00:00Z"));
        Assert.Equal("z/z-older", Name(cluster.VirtualServiceFor("shop.example.com", "client")));
    }

    [Fact]
    public void InTheSameSecondTheNameDecidesThenTheNamespace()
    {
        var cluster = Cluster(
            VirtualService("b", "a", ["shop.example.com"], created: "2026-12-01T10:00:00Z"),
            VirtualService("a", "z", ["shop.example.com"], created: "2026-12-01T10:00:00Z"),
            VirtualService("a", "y", ["shop.example.com"], created: "2026-12-01T10:00:00Z"));
        Assert.Equal("y/a", Name(cluster.VirtualServiceFor("shop.example.com", "client")));
    }

    [Fact]
    public void APrivateOneOfTheClientsNamespaceBeatsAnOlderExportedOneWhichBeatsAnOlderPublicOne()
    {
        var cluster = Cluster(
            VirtualService("public", "shared", ["shop.example.com"], created: "2026-01-01T00:00:00Z"),
            VirtualService("exported", "other", ["shop.example.com"], ["client"], created: "2026-06-01T00:00:00Z"),
            VirtualService("private", "client", ["shop.example.com"], ["."], created: "2026-12-01T00:00:00Z"));
        Assert.Equal("client/private", Name(cluster.VirtualServiceFor("shop.example.com", "client")));
        Assert.Equal("public", cluster.VirtualServiceFor("shop.example.com", "elsewhere")?.Source.Name);
        var withoutPrivate = Cluster(
            VirtualService("public", "shared", ["shop.example.com"], created: "2026-01-01T00:00:00Z"),
            VirtualService("exported", "other", ["shop.example.com"], ["client"], created: "2026-06-01T00:00:00Z"));
        Assert.Equal("other/exported", Name(withoutPrivate.VirtualServiceFor("shop.example.com", "client")));
    }

    [Fact]
    public void APublicOneInTheClientsOwnNamespaceHasNoPrecedenceOverAnOlderPublicOne()
    {
        // Only exportTo "." (or the own namespace alone) makes one private: public is public wherever it lives.
        var cluster = Cluster(
            VirtualService("older", "shared", ["shop.example.com"], created: "2026-01-01T00:00:00Z"),
            VirtualService("own", "client", ["shop.example.com"], created: "2026-12-01T00:00:00Z"));
        Assert.Equal("shared/older", Name(cluster.VirtualServiceFor("shop.example.com", "client")));
    }

    [Fact]
    public void HiddenOnesAndThoseExportedElsewhereAreNotSeen()
    {
        var cluster = Cluster(
            VirtualService("hidden", "client", ["shop.example.com"], ["~"]),
            VirtualService("elsewhere", "other", ["shop.example.com"], ["third"]),
            VirtualService("own-only", "client", ["shop.example.com"], ["other"]));
        Assert.Null(cluster.VirtualServiceFor("shop.example.com", "client"));
        Assert.Equal("other/elsewhere", Name(cluster.VirtualServiceFor("shop.example.com", "third")));
        Assert.Equal("client/own-only", Name(cluster.VirtualServiceFor("shop.example.com", "other")));
    }

    [Fact]
    public void MeshConfigsDefaultExportToAppliesToOnesWithoutExportTo()
    {
        var istiod = MapNode.Of(("meshConfig", MapNode.Of(("defaultVirtualServiceExportTo", ListNode.Of(".")))));
        var state = new ClusterState("c1", null, [VirtualService("own", "client", ["shop.example.com"])], ImmutableSortedDictionary<string, MapNode>.Empty.Add("istiod", istiod), null);
        var cluster = new TrafficModel([state], [], TrafficFixture.Placeholder, "1.30.3").Clusters["c1"];
        Assert.Equal("client/own", Name(cluster.VirtualServiceFor("shop.example.com", "client")));
        Assert.Null(cluster.VirtualServiceFor("shop.example.com", "other"));
    }

    [Fact]
    public void AnObjectWithoutACreationTimeIsTakenAsAppliedNowAfterEveryTimedOne()
    {
        Assert.True(new CreationOrder(null, "a", "a") > new CreationOrder(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "z", "z"));
        var cluster = Cluster(
            VirtualService("a-rendered", "a", ["shop.example.com"]),
            VirtualService("z-live", "z", ["shop.example.com"], created: "2026-12-01T10:00:00Z"));
        Assert.Equal("z/z-live", Name(cluster.VirtualServiceFor("shop.example.com", "client")));
    }

    /// <summary>
    /// A user's route for reviews, public and created before the stack was applied (Bookinfo's own
    /// virtual-service-all-v1 style, here also naming the global host). For productpage in default, a
    /// namespace the stack knows clients in, MeshInfra's copy exported to it by name comes first, so jason
    /// still reaches v2 and v3. For a client in a namespace the stack does not know, the public routes
    /// go by age: the user's older one sends jason to v1, until MeshInfra's is the older one.
    /// </summary>
    [Fact]
    public void MeshInfrasExportedRouteBeatsAnOlderPublicOneWhereItIsExportedAndAgeDecidesElsewhere()
    {
        var userRoute = VirtualService("reviews", "default", ["reviews", "reviews.default.global"], created: "2026-12-01T09:00:00Z",
            route: MapNode.Of(("route", ListNode.Of(MapNode.Of(("destination", MapNode.Of(("host", "reviews.default.global"), ("subset", "v1"))))))));
        var jason = TrafficFixture.Request("cluster1/default/productpage-v1", "reviews", 9080, ("end-user", "jason"));
        var stranger = TrafficFixture.Request("cluster1/shop/web", "reviews.default.global", 9080, ("end-user", "jason"));

        var (_, _, rendered) = TrafficFixture.For(Configs.Seed, s => s.Name == "cluster1" ? s with { Objects = s.Objects.Add(userRoute) } : s);
        var known = rendered.Trace(jason);
        Assert.Equal("cluster2 v2 50%, cluster2 v3 50%", TrafficFixture.Shares(known));
        Assert.Contains(known.Hops, h => h.Step == "route" && h.DecidedBy?.ToString() == "cluster1 VirtualService istio-system/reviews.default.global.exported");
        var lost = rendered.Trace(stranger);
        Assert.Equal("cluster1 v1 100%", TrafficFixture.Shares(lost));
        Assert.Contains(lost.Hops, h => h.Step == "route" && h.DecidedBy?.ToString() == "cluster1 VirtualService default/reviews");

        static ClusterState OursOlder(ClusterState s, MapNode user)
        {
            var stamped = TrafficFixture.Replace(s, "VirtualService", "reviews.default.global", vs =>
                TrafficFixture.With(vs, "metadata", TrafficFixture.With((MapNode)vs["metadata"]!, "creationTimestamp", "2026-12-01T08:00:00Z")));
            return stamped with { Objects = stamped.Objects.Add(user) };
        }

        var (_, _, older) = TrafficFixture.For(Configs.Seed, s => s.Name == "cluster1" ? OursOlder(s, userRoute) : s);
        Assert.Equal("cluster2 v2 50%, cluster2 v3 50%", TrafficFixture.Shares(older.Trace(stranger)));
    }

    [Fact]
    public void TheOldestDestinationRuleOfANamespaceDecides()
    {
        static MapNode Rule(string name, string created, string subset) => MapNode.Of(
            ("apiVersion", "networking.istio.io/v1"),
            ("kind", "DestinationRule"),
            ("metadata", MapNode.Of(("name", name), ("namespace", "shop"), ("creationTimestamp", created))),
            ("spec", MapNode.Of(("host", "cart"), ("subsets", ListNode.Of(MapNode.Of(("name", subset), ("labels", MapNode.Of(("version", subset)))))))));
        var cluster = Cluster(Rule("a-newer", "2026-12-01T10:00:01Z", "v2"), Rule("z-older", "2026-12-01T10:00:00Z", "v1"));
        var rule = cluster.DestinationRuleFor("cart.shop.svc.cluster.local", "shop", "shop");
        Assert.Equal("z-older", rule?.Source.Name);
        Assert.NotNull(rule?.Subset("v1"));
    }

    private static string? Name(VirtualServiceView? vs) => vs is null ? null : $"{vs.Namespace}/{vs.Source.Name}";
}
