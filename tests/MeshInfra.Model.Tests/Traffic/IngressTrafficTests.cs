using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Requests that enter the mesh through an ingress gateway (issue 16): the walkthrough's curl from sleep
/// in cluster1 to cluster2's ingress, Bookinfo's ingress paths, and each hop where a broken way in stops.
/// </summary>
public sealed class IngressTrafficTests
{
    /// <summary>The seed with an ingress gateway in cluster2 too, as the dev stack has: httpbin's Gateway is served there.</summary>
    private static readonly (MeshInfra.Model.Config.MeshSpec Spec, MeshTraffic Traffic, TrafficModel Model) Mesh = TrafficFixture.For(Configs.BothIngresses);

    private const string Cluster2Ingress = "${cluster2.ingressAddress}";

    private static TraceRequest Walkthrough(string path = "/status/200") =>
        TrafficFixture.Request("cluster1/foo/sleep", Cluster2Ingress, 80, ("Host", "httpbin.example.com")) with { Path = path };

    private static TraceRequest External(string cluster, string host, int port, string path) =>
        TraceRequest.FromOutside(cluster, host, port, path, ImmutableSortedDictionary<string, string>.Empty);

    private static TrafficModel Edited(string cluster, Func<ClusterState, ClusterState> edit) =>
        TrafficFixture.For(Configs.BothIngresses, s => s.Name == cluster ? edit(s) : s).Model;

    private static TraceFailure OnlyFailure(TraceResult result)
    {
        Assert.Empty(result.Arrivals);
        return Assert.Single(result.Failures);
    }

    [Fact]
    public void TheWalkthroughsCurlFromSleepReachesHttpbinThroughCluster2sIngress()
    {
        var result = Mesh.Model.Trace(Walkthrough());
        Assert.Empty(result.Failures);
        var arrival = Assert.Single(result.Arrivals);
        Assert.Equal(("cluster2", "bar", "httpbin"), (arrival.Workload.Cluster, arrival.Workload.Namespace, arrival.Workload.Name));
        Assert.Contains(result.Hops, h => h.Step == "passthrough" && h.Detail.Contains("outboundTrafficPolicy ALLOW_ANY", StringComparison.Ordinal));
        Assert.Contains(result.Hops, h => h.Step == "route" && h.DecidedBy?.ToString() == "cluster2 VirtualService bar/httpbin");
    }

    [Fact]
    public void TheWalkthroughsCurlNeedsAllowAny()
    {
        static ClusterState RegistryOnly(ClusterState s)
        {
            var istiod = s.ReleaseValues["istiod"];
            var mesh = TrafficFixture.With((MapNode)istiod["meshConfig"]!, "outboundTrafficPolicy", MapNode.Of(("mode", "REGISTRY_ONLY")));
            return s with { ReleaseValues = s.ReleaseValues.SetItem("istiod", TrafficFixture.With(istiod, "meshConfig", mesh)) };
        }

        var failure = OnlyFailure(Edited("cluster1", RegistryOnly).Trace(Walkthrough()));
        Assert.Equal(FailureKind.PassthroughBlocked, failure.Kind);
        Assert.Equal(FailureMessages.PassthroughBlocked(Cluster2Ingress, 80, "cluster1", "REGISTRY_ONLY", null).Text, failure.Reason);
    }

    [Theory]
    [InlineData("/productpage")]
    [InlineData("/static/bootstrap/css/bootstrap.min.css")]
    [InlineData("/login")]
    [InlineData("/logout")]
    [InlineData("/api/v1/products")]
    [InlineData("/api/v1/products/0/reviews")]
    public void BookinfosIngressPathsReachProductpage(string path)
    {
        var result = Mesh.Model.Trace(External("cluster1", "bookinfo.example.com", 80, path));
        Assert.Empty(result.Failures);
        Assert.All(result.Arrivals, a => Assert.Equal(("cluster1", "default", "productpage"), (a.Workload.Cluster, a.Workload.Namespace, a.Workload.App)));
        Assert.NotEmpty(result.Arrivals);
    }

    [Theory]
    [InlineData("/productpage/extra")] // exact, not prefix
    [InlineData("/Productpage")] // case-sensitive
    [InlineData("/reviews")]
    public void APathNoBookinfoRuleNamesIs404AtTheRoute(string path)
    {
        var failure = OnlyFailure(Mesh.Model.Trace(External("cluster1", "bookinfo.example.com", 80, path)));
        Assert.Equal(FailureKind.NoRouteMatch, failure.Kind);
        Assert.Equal("cluster1 VirtualService default/bookinfo", failure.At?.ToString());
    }

    [Fact]
    public void AUriNoHttpbinRuleMatchesIs404()
    {
        var failure = OnlyFailure(Mesh.Model.Trace(Walkthrough("/headers")));
        Assert.Equal(FailureKind.NoRouteMatch, failure.Kind);
        Assert.Equal(FailureMessages.NoIngressRouteMatch("httpbin.example.com", "/headers", false, [("bar/httpbin", 0, "uri prefix '/status' or uri prefix '/delay'")]).Text, failure.Reason);
        Assert.Equal("cluster2 VirtualService bar/httpbin", failure.At?.ToString());
    }

    [Fact]
    public void AHostTheGatewayDoesNotListIs404AtTheHost()
    {
        var request = Walkthrough() with { Headers = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("host", "other.example.com")]) };
        var failure = OnlyFailure(Mesh.Model.Trace(request));
        Assert.Equal(FailureKind.NoVirtualHostMatch, failure.Kind);
        Assert.Equal(FailureMessages.NoVirtualHostMatch("other.example.com", 80, ["httpbin.example.com"], []).Text, failure.Reason);
    }

    [Fact]
    public void TheHostMatchesWithoutCaseAndWithoutItsPort()
    {
        var result = Mesh.Model.Trace(External("cluster2", "HTTPBIN.example.com:80", 80, "/status/200"));
        Assert.Empty(result.Failures);
        Assert.Single(result.Arrivals);
    }

    [Fact]
    public void APortTheGatewayServiceDoesNotExposeIsRefusedAtTheService()
    {
        var failure = OnlyFailure(Mesh.Model.Trace(External("cluster2", "httpbin.example.com", 8080, "/status/200")));
        Assert.Equal(FailureKind.NoIngressPort, failure.Kind);
        Assert.Equal(FailureMessages.NoIngressPort("istio-ingressgateway.istio-ingress.svc.cluster.local", 8080, [15021, 80, 443]).Text, failure.Reason);
    }

    [Fact]
    public void AServicePortNoGatewayServerListensOnIsRefusedAtTheGateway()
    {
        var failure = OnlyFailure(Mesh.Model.Trace(External("cluster2", "httpbin.example.com", 443, "/status/200")));
        Assert.Equal(FailureKind.NoGatewayServerOnPort, failure.Kind);
        Assert.Equal(FailureMessages.NoGatewayServerOnPort("cluster2/istio-ingress/istio-ingressgateway", 443, [("bar/httpbin-gateway", 80, 80)]).Text, failure.Reason);
    }

    [Fact]
    public void AGatewayWhoseSelectorMatchesNoGatewayPodServesNothing()
    {
        var model = Edited("cluster2", s => TrafficFixture.Replace(s, "Gateway", "httpbin-gateway",
            g => TrafficFixture.With(g, "spec", TrafficFixture.With((MapNode)g["spec"]!, "selector", MapNode.Of(("istio", "ingress"))))));
        var failure = OnlyFailure(model.Trace(Walkthrough()));
        Assert.Equal(FailureKind.NoGatewayForPod, failure.Kind);
        Assert.Equal(
            FailureMessages.NoGatewayForPod(
                "cluster2/istio-ingress/istio-ingressgateway",
                new Dictionary<string, string> { ["app"] = "istio-ingressgateway", ["istio"] = "ingressgateway" },
                [("bar/httpbin-gateway", new Dictionary<string, string> { ["istio"] = "ingress" })]).Text,
            failure.Reason);
    }

    [Fact]
    public void AVirtualServiceNotBoundToTheGatewayGivesTheBlackhole()
    {
        var model = Edited("cluster2", s => TrafficFixture.Replace(s, "VirtualService", "httpbin",
            v => TrafficFixture.With(v, "spec", TrafficFixture.With((MapNode)v["spec"]!, "gateways", ListNode.Of("mesh")))));
        var failure = OnlyFailure(model.Trace(Walkthrough()));
        Assert.Equal(FailureKind.NoVirtualHostBound, failure.Kind);
        Assert.Equal(FailureMessages.NoVirtualHostBound(["bar/httpbin-gateway"], 80, []).Text, failure.Reason);
    }

    [Theory]
    [InlineData("./httpbin.example.com", true)] // the Gateway's own namespace, bar: the VirtualService's too
    [InlineData("bar/httpbin.example.com", true)]
    [InlineData("*/httpbin.example.com", true)]
    [InlineData("*/*", true)]
    [InlineData("*.example.com", true)]
    [InlineData("default/httpbin.example.com", false)] // open only to VirtualServices in default
    [InlineData("*.example.org", false)]
    public void TheGatewaysHostFormsDecideWhichVirtualServicesItServes(string serverHost, bool served)
    {
        var model = Edited("cluster2", s => TrafficFixture.Replace(s, "Gateway", "httpbin-gateway", g =>
        {
            var spec = (MapNode)g["spec"]!;
            var server = (MapNode)((ListNode)spec["servers"]!).Items[0];
            return TrafficFixture.With(g, "spec", TrafficFixture.With(spec, "servers", ListNode.Of(TrafficFixture.With(server, "hosts", ListNode.Of(serverHost)))));
        }));
        var result = model.Trace(Walkthrough());
        Assert.Equal(served, result.Succeeded);
        if (!served)
        {
            // The server no longer lists the VirtualService's host: no virtual host but the 404 blackhole.
            Assert.Equal(FailureKind.NoVirtualHostBound, OnlyFailure(result).Kind);
        }
    }

    [Fact]
    public void AnExternalRequestToAClusterWithoutAnIngressStopsAtTheIngress()
    {
        var (_, _, model) = TrafficFixture.For(Configs.Seed);
        var failure = OnlyFailure(model.Trace(External("cluster2", "httpbin.example.com", 80, "/status/200")));
        Assert.Equal(FailureKind.NoIngressGateway, failure.Kind);
    }

    [Fact]
    public void VerifyProvesEveryWayInAndFailsWhenOneBreaks()
    {
        var cases = MeshVerifier.Verify(Mesh.Spec, Mesh.Model).Where(c => c.Request.External).ToList();
        Assert.All(cases, c => Assert.True(c.Passed, string.Join("; ", c.Problems)));
        Assert.Equal(
            [
                "ingress host * of default/bookinfo-gateway /productpage",
                "ingress rule 0 match 0 of default/bookinfo /productpage",
                "ingress rule 0 match 1 of default/bookinfo /static",
                "ingress rule 0 match 2 of default/bookinfo /login",
                "ingress rule 0 match 3 of default/bookinfo /logout",
                "ingress rule 0 match 4 of default/bookinfo /api/v1/products",
                "ingress 404: no rule matches /meshinfra-verify-no-route",
                "ingress host httpbin.example.com of bar/httpbin-gateway /status",
                "ingress rule 0 match 0 of bar/httpbin /status",
                "ingress rule 0 match 1 of bar/httpbin /delay",
                "ingress 404: no rule matches /meshinfra-verify-no-route",
            ],
            cases.Select(c => $"{c.Case} {c.Request.Path}"));

        // A rule put first for every path (prefix /) sends httpbin's paths to ratings: the cases of the
        // rule it shadows fail, naming the pods reached.
        var broken = Edited("cluster2", s => TrafficFixture.Replace(s, "VirtualService", "httpbin", v =>
        {
            var spec = (MapNode)v["spec"]!;
            var route = ListNode.Of(MapNode.Of(("destination", MapNode.Of(("host", "ratings.default.svc.cluster.local"), ("port", MapNode.Of(("number", 9080)))))));
            var everything = MapNode.Of(("match", ListNode.Of(MapNode.Of(("uri", MapNode.Of(("prefix", "/")))))), ("route", route));
            return TrafficFixture.With(v, "spec", TrafficFixture.With(spec, "http", ListNode.Of([everything, .. ((ListNode)spec["http"]!).Items])));
        }));
        var failed = MeshVerifier.Verify(Mesh.Spec, broken).Where(c => c.Request.External && !c.Passed).ToList();
        Assert.Equal(["/status", "/delay"], failed.Select(c => c.Request.Path));
        Assert.All(failed, c => Assert.Equal(VerifyMessages.WrongService("cluster2/default/ratings-v1 (v1)", "httpbin.bar.svc.cluster.local"), Assert.Single(c.Problems)));
    }

    [Fact]
    public void ASidecarsVirtualServiceMatchesTheUriToo()
    {
        // httpbin's VirtualService also bound to the mesh and to the short name httpbin: a sidecar in cluster2 then routes httpbin by uri.
        var model = TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster2" ? s : TrafficFixture.Replace(s, "VirtualService", "httpbin", v =>
        {
            var spec = TrafficFixture.With((MapNode)v["spec"]!, "gateways", ListNode.Of("httpbin-gateway", "mesh"));
            return TrafficFixture.With(v, "spec", TrafficFixture.With(spec, "hosts", ListNode.Of("httpbin.example.com", "httpbin")));
        })).Model;
        var matched = model.Trace(TrafficFixture.Request("cluster2/bar/httpbin", "httpbin.bar.svc.cluster.local", 8000) with { Path = "/status/200" });
        var unmatched = model.Trace(TrafficFixture.Request("cluster2/bar/httpbin", "httpbin.bar.svc.cluster.local", 8000) with { Path = "/headers" });
        Assert.True(matched.Succeeded, string.Join("; ", matched.Failures));
        Assert.True(model.Trace(Walkthrough()).Succeeded);
        Assert.Contains(matched.Hops, h => h.Step == "route" && h.Detail == "rule 0 (uri prefix '/status' or uri prefix '/delay')");
        Assert.Equal(FailureKind.NoRouteMatch, OnlyFailure(unmatched).Kind);
    }
}
