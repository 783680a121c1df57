using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Which of two VirtualServices bound to one Gateway for one host an ingress request takes, as the Stryker
/// run over Traffic/IngressRoutes.cs (ids 9092, 9093, issue 17) showed no test checked. istiod hands a gateway
/// proxy the VirtualServices private to its namespace, then those exported to it, then the public ones, each
/// by creation time, then name, then namespace (pilot/pkg/model/push_context.go, VirtualServicesForGateway and
/// initVirtualServices; config.go, sortConfigByCreationTime via virtualservice_controller.go,
/// MergedVirtualServices; 1.30.3 and 1.31.0-rc.0), and gateway.go, buildGatewayHTTPRouteConfig, appends each
/// one's routes to the host's virtual host in that order: the first one's <c>/status</c> rule wins.
/// The walkthrough's request from outside to cluster2's ingress, Host httpbin.example.com, path /status/200,
/// with a second VirtualService sending /status to ratings (default namespace, also in cluster2).
/// </summary>
public sealed class IngressOrderMutantTests
{
    private static TraceRequest Status() =>
        TraceRequest.FromOutside("cluster2", "httpbin.example.com", 80, "/status/200", ImmutableSortedDictionary<string, string>.Empty);

    /// <summary>A VirtualService for httpbin.example.com on bar/httpbin-gateway that sends /status to ratings.</summary>
    private const string RatingsDestination = """[{ "destination": { "host": "ratings.default.svc.cluster.local", "port": { "number": 9080 } } }]""";

    private const string ReviewsDestination = """[{ "destination": { "host": "reviews.default.svc.cluster.local", "port": { "number": 9080 } } }]""";

    private const string StatusToRatings = $$"""[{ "match": [{ "uri": { "prefix": "/status" } }], "route": {{RatingsDestination}} }]""";

    private static MapNode ToRatings(string ns, string name, string? created = null, string? exportTo = null, string http = StatusToRatings) => ObjectText.Parse($$"""
        {
          "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
          "metadata": { "name": "{{name}}", "namespace": "{{ns}}"{{(created is null ? "" : $", \"creationTimestamp\": \"{created}\"")}} },
          "spec": {
            "hosts": ["httpbin.example.com"],
            "gateways": ["bar/httpbin-gateway"],
            {{(exportTo is null ? "" : $"\"exportTo\": [\"{exportTo}\"],")}}
            "http": {{http}}
          }
        }
        """);

    /// <summary>cluster2 with <paramref name="extra"/> added and, when given, bar/httpbin created at <paramref name="httpbinCreated"/>.</summary>
    private static string Reached(MapNode extra, string? httpbinCreated = null, string path = "/status/200", params (string Name, string Value)[] headers)
    {
        var model = TrafficFixture.For(Configs.BothIngresses, s =>
        {
            if (s.Name != "cluster2")
            {
                return s;
            }

            var edited = httpbinCreated is null ? s : TrafficFixture.Replace(s, "VirtualService", "httpbin", vs =>
                TrafficFixture.With(vs, "metadata", TrafficFixture.With((MapNode)vs["metadata"]!, "creationTimestamp", httpbinCreated)));
            return edited with { Objects = edited.Objects.Add(extra) };
        }).Model;
        var result = model.Trace(Status() with { Path = path, Headers = headers.ToImmutableSortedDictionary(h => h.Name, h => h.Value, StringComparer.Ordinal) });
        Assert.Empty(result.Failures);
        var arrival = Assert.Single(result.Arrivals);
        return $"{arrival.Workload.Namespace}/{arrival.Workload.App}";
    }

    [Fact]
    public void TheIngressGatewayRunsInIstioIngress()
    {
        var model = TrafficFixture.For(Configs.BothIngresses).Model;
        Assert.Contains(model.Clusters["cluster2"].Workloads, w => TrafficModel.IsIngressPod(w) && w.Namespace == "istio-ingress");
    }

    /// <summary>
    /// Rendered objects have no creationTimestamp (all applied in the same second): name decides before namespace,
    /// so default/a-status comes before bar/httpbin although bar sorts before default.
    /// </summary>
    [Theory]
    [InlineData("default", "a-status", "default/ratings")]
    [InlineData("default", "z-status", "bar/httpbin")]
    [InlineData("aaa", "httpbin", "default/ratings")]
    [InlineData("zzz", "httpbin", "bar/httpbin")]
    public void WithoutCreationTimesTheNameThenTheNamespaceDecides(string ns, string name, string want) =>
        Assert.Equal(want, Reached(ToRatings(ns, name)));

    /// <summary>Live objects carry their creationTimestamp: the older VirtualService wins whatever its name.</summary>
    [Theory]
    [InlineData("2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z", "bar/httpbin")]
    [InlineData("2026-06-01T00:00:00Z", "2026-01-01T00:00:00Z", "default/ratings")]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "bar/httpbin")]
    public void TheOlderVirtualServiceWinsWhateverItsName(string httpbinCreated, string otherCreated, string want) =>
        Assert.Equal(want, Reached(ToRatings("default", "z-status", otherCreated), httpbinCreated));

    /// <summary>A VirtualService not yet applied (no timestamp) comes after every live one, whatever its name.</summary>
    [Fact]
    public void AnUnappliedVirtualServiceComesAfterALiveOne() =>
        Assert.Equal("bar/httpbin", Reached(ToRatings("default", "a-status"), "2026-01-01T00:00:00Z"));

    /// <summary>
    /// Private to the gateway's namespace (istio-ingress) beats exported to it, which beats public, whatever the
    /// age: bar/httpbin is public and the oldest here.
    /// </summary>
    [Theory]
    [InlineData("istio-ingress", ".", "default/ratings")]
    [InlineData("default", "istio-ingress", "default/ratings")]
    [InlineData("default", "*", "bar/httpbin")]
    public void ThePrivateAndExportedVirtualServicesComeBeforeThePublicOnes(string ns, string exportTo, string want) =>
        Assert.Equal(want, Reached(ToRatings(ns, "z-status", "2026-06-01T00:00:00Z", exportTo), "2026-01-01T00:00:00Z"));

    /// <summary>One exported elsewhere is not in the gateway's list at all, however old and well named.</summary>
    [Theory]
    [InlineData(".")]
    [InlineData("foo")]
    [InlineData("~")]
    public void AVirtualServiceNotExportedToTheGatewaysNamespaceIsNotRouted(string exportTo) =>
        Assert.Equal("bar/httpbin", Reached(ToRatings("default", "a-status", "2025-01-01T00:00:00Z", exportTo), "2026-01-01T00:00:00Z"));

    /// <summary>
    /// The gateway moves every catch-all route behind the others (route.go, SortVHostRoutes, IsCatchAllRoute; called by
    /// gateway.go, buildGatewayHTTPRouteConfig): default/a-all comes first by name, but its rule for every path (no
    /// match, <c>prefix /</c>, <c>regex .*</c>) goes last, so /status still reaches httpbin and only other paths ratings.
    /// </summary>
    [Theory]
    [InlineData("""[{ "route": RATINGS }]""")]
    [InlineData("""[{ "match": [{ "uri": { "prefix": "/" } }], "route": RATINGS }]""")]
    [InlineData("""[{ "match": [{ "uri": { "regex": ".*" } }], "route": RATINGS }]""")]
    public void AnEarlierVirtualServicesCatchAllRuleComesAfterALaterOnesSpecificRule(string http)
    {
        var routes = http.Replace("RATINGS", RatingsDestination, StringComparison.Ordinal);
        Assert.Equal("bar/httpbin", Reached(ToRatings("default", "a-all", http: routes)));
        Assert.Equal("default/ratings", Reached(ToRatings("default", "a-all", http: routes), path: "/anything"));
    }

    /// <summary>
    /// A VirtualService's routes end at its first catch-all (route.go, BuildHTTPRoutesForVirtualService: "we will never go
    /// beyond this match"): a-all's later /status rule, or a later /status block of the catch-all rule, is never built, so
    /// moving the catch-all back does not bring it forward.
    /// </summary>
    [Theory]
    [InlineData("""[{ "route": RATINGS }, { "match": [{ "uri": { "prefix": "/status" } }], "route": REVIEWS }]""")]
    [InlineData("""[{ "match": [{ "uri": { "prefix": "/" } }, { "uri": { "prefix": "/status" } }], "route": REVIEWS }]""")]
    public void RoutesAfterAVirtualServicesCatchAllAreNotBuilt(string http)
    {
        var routes = http.Replace("RATINGS", RatingsDestination, StringComparison.Ordinal).Replace("REVIEWS", ReviewsDestination, StringComparison.Ordinal);
        Assert.Equal("bar/httpbin", Reached(ToRatings("default", "a-all", http: routes)));
    }

    /// <summary>A block with a header condition is no catch-all (IsCatchAllRoute: no headers): it keeps its place, first by name.</summary>
    [Fact]
    public void ARuleForEveryPathWithAHeaderConditionKeepsItsPlace()
    {
        var routes = $$"""[{ "match": [{ "headers": { "x-canary": { "exact": "1" } } }], "route": {{RatingsDestination}} }]""";
        Assert.Equal("default/ratings", Reached(ToRatings("default", "a-canary", http: routes), headers: ("x-canary", "1")));
        Assert.Equal("bar/httpbin", Reached(ToRatings("default", "a-canary", http: routes)));
    }
}
