using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Where requests land, by the traffic model over the planned objects: one test per finding of the
/// review of Istio 1.30.3's routing (issue #9), named after the behaviour.
/// </summary>
public sealed class CrossClusterTrafficTests
{
    private static readonly (MeshInfra.Model.Config.MeshSpec Spec, MeshTraffic Traffic, TrafficModel Model) Seed = TrafficFixture.For(Configs.Seed);

    /// <summary>Three clusters, cart served in both east and west.</summary>
    private static readonly string CartInEastAndWest = Configs.ThreeClusters.Replace("\"clusters\": [\"east\"]", "\"clusters\": [\"east\", \"west\"]", StringComparison.Ordinal);

    [Fact]
    public void SleepReachesHttpbinInTheOtherCluster()
    {
        var result = Seed.Model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000));
        Assert.Empty(result.Failures);
        Assert.Equal("cluster2 v1 100%", TrafficFixture.Shares(result));
        Assert.Equal("httpbin", Assert.Single(result.Arrivals).Workload.Name);
    }

    [Fact]
    public void JasonGetsHalfV2AndHalfV3AndEveryoneElseV1()
    {
        var jason = Seed.Model.Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "reviews", 9080, ("end-user", "jason")));
        var anyone = Seed.Model.Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "reviews", 9080, ("end-user", "mary")));
        Assert.Empty(jason.Failures);
        Assert.Equal("cluster2 v2 50%, cluster2 v3 50%", TrafficFixture.Shares(jason));
        Assert.Empty(anyone.Failures);
        Assert.Equal("cluster1 v1 100%", TrafficFixture.Shares(anyone));
    }

    [Fact]
    public void RoutingToAVersionReachesOnlyThatVersionsPodsWhenSeveralRunInOneCluster()
    {
        // v2 and v3 both run in cluster2: a route to v2 alone must never show v3.
        var json = Configs.Seed.Replace("""{ "version": "v2", "weight": 50 }, { "version": "v3", "weight": 50 }""", """{ "version": "v2" }""", StringComparison.Ordinal);
        var (_, _, model) = TrafficFixture.For(json);
        var result = model.Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "reviews.default.global", 9080, ("end-user", "jason")));
        Assert.Empty(result.Failures);
        Assert.All(result.Arrivals, a => Assert.Equal(("cluster2", "v2"), (a.Workload.Cluster, a.Workload.Version)));
    }

    [Fact]
    public void TheOwnersOwnClientsThroughTheGlobalNameStayInTheOwnersCluster()
    {
        var result = Seed.Model.Trace(TrafficFixture.Request("cluster2/bar/httpbin", "reviews.default.global", 9080));
        Assert.Empty(result.Failures);
        Assert.Equal("cluster2 v2 50%, cluster2 v3 50%", TrafficFixture.Shares(result));
    }

    [Fact]
    public void ARequestEnteringAGatewayIsServedByThatClustersOwnPods()
    {
        // cart runs in east and west; edge reaches both, and each gateway only its own pods.
        var (_, _, model) = TrafficFixture.For(CartInEastAndWest);
        var result = model.Trace(TrafficFixture.Request($"edge/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", "cart.shop.global", 8080));
        Assert.Empty(result.Failures);
        Assert.Equal("east 50%, west 50%", TrafficFixture.Shares(result));
        Assert.DoesNotContain(result.Hops, h => h.Detail.Contains("forwarded", StringComparison.Ordinal));
    }

    [Fact]
    public void AServiceInTwoClustersPrefersTheLocalOneAndKeepsTheOtherForFailover()
    {
        var (_, _, model) = TrafficFixture.For(CartInEastAndWest);
        var result = model.Trace(TrafficFixture.Request($"west/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", "cart.shop.global", 8080));
        Assert.Empty(result.Failures);
        Assert.Equal("west 100%", TrafficFixture.Shares(result));

        // The other cluster's gateway is the next priority, not absent: Envoy fails over to it once
        // outlier detection ejects the local one.
        var west = model.Clusters["west"];
        var endpoints = west.Service("cart.shop.global")!.Endpoints;
        var priorities = endpoints.Select(e => (e.Labels["cluster"], IstioRules.LocalityPriority(west.Locality, e.Locality))).OrderBy(p => p.Item2).ToList();
        Assert.Equal([("west", 0), ("east", 3)], priorities);
    }

    [Fact]
    public void ClientsRejectAServerThatPresentsAnotherServiceAccount()
    {
        // httpbin's pods now run as 'default', while the stack says clients accept only 'httpbin'.
        var (_, _, model) = TrafficFixture.For(Configs.Seed, state => state.Name != "cluster2" ? state : TrafficFixture.Replace(state, "Deployment", "httpbin", d =>
            TrafficFixture.With(d, "spec", TrafficFixture.With((MapNode)d["spec"]!, "template", TrafficFixture.With((MapNode)d.At("spec", "template")!, "spec",
                TrafficFixture.With((MapNode)d.At("spec", "template", "spec")!, "serviceAccountName", "default"))))));
        var result = model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000));
        Assert.Empty(result.Arrivals);
        Assert.Equal([FailureKind.IdentityRejected], result.Failures.Select(f => f.Kind).Distinct());
        Assert.All(result.Failures, f => Assert.Equal("cluster2 Deployment bar/httpbin", f.At?.ToString()));
    }

    [Fact]
    public void ThePodsIdentityIsInTheConfiguredTrustDomain()
    {
        var json = Configs.Seed.Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"trustDomain\": \"acme.example\",", StringComparison.Ordinal);
        var (_, _, model) = TrafficFixture.For(json);
        var result = model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000));
        Assert.Empty(result.Failures);
        Assert.Contains(result.Hops, h => h.Detail.Contains("spiffe://acme.example/ns/bar/sa/httpbin verified", StringComparison.Ordinal));
    }

    [Fact]
    public void APodWithoutASidecarResolvesGlobalNamesThroughCoreDnsButCannotRouteThem()
    {
        var (_, _, model) = TrafficFixture.For(Configs.Seed, state => state.Name != "cluster1" ? state : TrafficFixture.Replace(state, "Namespace", "foo", ns =>
            new KubeObject("v1", "Namespace", ObjectMeta.Named("foo"), MapNode.Empty).ToNode()));
        var result = model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000));
        Assert.Contains(result.Hops, h => h.Step == "dns" && h.Detail.Contains("CoreDNS (MeshInfra's block)", StringComparison.Ordinal));
        Assert.Equal(FailureKind.MeshAddressWithoutSidecar, Assert.Single(result.Failures).Kind);
    }

    [Fact]
    public void WithoutTheOwnersSniTheGatewayHasNoChainForTheRequest()
    {
        // Take tls.sni out of the global DestinationRule: the client sends the global host's own
        // SNI, and the owner's gateway (which passes through only its local hosts) has no chain for it.
        var (_, _, model) = TrafficFixture.For(Configs.Seed, state => TrafficFixture.Replace(state, "DestinationRule", "httpbin.bar.global", dr =>
            TrafficFixture.With(dr, "spec", TrafficFixture.With((MapNode)dr["spec"]!, "trafficPolicy", MapNode.Of(("tls", MapNode.Of(("mode", "ISTIO_MUTUAL"))))))));
        var result = model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000));
        var failure = Assert.Single(result.Failures);
        Assert.Equal(FailureKind.NoFilterChainForSni, failure.Kind);
        Assert.Equal(FailureMessages.NoFilterChainForSni("cluster2", "outbound_.8000_._.httpbin.bar.global").Text, failure.Reason);
    }

    [Fact]
    public void AUsersRuleForTheLocalHostDoesNotTakeTheGatewaysSubsetsAway()
    {
        // Bookinfo's own destination-rule-all.yaml style: a rule in 'default' for the local host with
        // no v2 subset and no TLS. The gateway (in istio-eastwest) reads MeshInfra's private rule of its
        // own namespace first, so jason still reaches v2 and v3.
        var userRule = new KubeObject("networking.istio.io/v1", "DestinationRule", ObjectMeta.Named("reviews", "default"), MapNode.Of(("spec", MapNode.Of(
            ("host", "reviews"),
            ("trafficPolicy", MapNode.Of(("tls", MapNode.Of(("mode", "DISABLE"))))),
            ("subsets", ListNode.Of(MapNode.Of(("name", "v1"), ("labels", MapNode.Of(("version", "v1")))))))))).ToNode();
        var (_, _, model) = TrafficFixture.For(Configs.Seed, state => state with { Objects = state.Objects.Add(userRule) });
        var jason = model.Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "reviews", 9080, ("end-user", "jason")));
        Assert.Empty(jason.Failures);
        Assert.Equal("cluster2 v2 50%, cluster2 v3 50%", TrafficFixture.Shares(jason));

        // The gateway's namespace sees MeshInfra's private rule; a sidecar elsewhere sees the user's.
        var view = model.Clusters["cluster2"];
        Assert.Equal("istio-eastwest", view.DestinationRuleFor("reviews.default.svc.cluster.local", "istio-eastwest", "default")!.Namespace);
        Assert.Equal("default", view.DestinationRuleFor("reviews.default.svc.cluster.local", "bar", "default")!.Namespace);
    }
    [Fact]
    public void TheEastWestGatewayMustRunInTheNamespaceOfItsSubsetRule()
    {
        // MeshInfra's subset rule is private to istio-eastwest; a gateway run from another namespace
        // (here istio-system, where it used to be) does not see it, builds no v2/v3 chains, and jason's
        // request to the remote versions finds no filter chain.
        var moved = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("istio-eastwestgateway", "istio-system")]);
        var (_, _, model) = TrafficFixture.For(Configs.Seed, state => state with { ReleaseNamespaces = moved });
        var jason = model.Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "reviews", 9080, ("end-user", "jason")));
        Assert.Contains(jason.Failures, f => f.Kind == FailureKind.NoFilterChainForSni && f.Reason == FailureMessages.NoFilterChainForSni("cluster2", "outbound_.9080_.v2_.reviews.default.svc.cluster.local").Text);

        // In its own namespace (the plan's), the same request reaches both versions.
        var (_, _, planned) = TrafficFixture.For(Configs.Seed);
        Assert.Equal("cluster2 v2 50%, cluster2 v3 50%", TrafficFixture.Shares(planned.Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "reviews", 9080, ("end-user", "jason")))));
    }
}
