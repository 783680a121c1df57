using System.Collections.Immutable;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, TrafficModel.Ingress.cs survivors 11424 to 11438 (the fifth session's run): the share of an
/// ingress request each destination of a gateway-bound rule takes. Istio 1.30.3 and 1.31.0-rc.0,
/// pilot/pkg/networking/core/route/route.go, applyHTTPRouteDestination: a rule with one destination is a plain
/// cluster route, its weight unread (processDestination); a rule with several is an Envoy weighted_clusters
/// route of every destination whose weight is not 0 ("Ignore 0 weighted clusters if there are other clusters
/// in the route"), each taking its weight over their sum (no total_weight is set, processWeightedDestination).
/// Validation (pkg/config/validation/validation.go, validateHTTPRouteDestinations and validateWeight, both tags)
/// refuses a negative weight and, for two or more destinations, a sum of 0; a weight left out is proto3's 0.
/// The request enters cluster2's ingress gateway (one pod) for split.example.com, which a Gateway of its own
/// serves; cluster2 runs httpbin (bar), ratings and reviews v2, v3 (default).
/// </summary>
public sealed class IngressWeightMutantTests
{
    private const string SplitGateway = """
        { "apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": { "name": "split", "namespace": "bar" },
          "spec": { "selector": { "istio": "ingressgateway" }, "servers": [ { "port": { "number": 80, "name": "http", "protocol": "HTTP" }, "hosts": [ "split.example.com" ] } ] } }
        """;

    private static string Destination(string app, string ns, int port, int? weight) =>
        "{ \"destination\": { \"host\": \"" + app + "." + ns + ".svc.cluster.local\", \"port\": { \"number\": " + port + " } }"
        + (weight is { } w ? ", \"weight\": " + w : "") + " }";

    private static TraceResult Split(params string[] destinations)
    {
        var vs = "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"VirtualService\", \"metadata\": { \"name\": \"split\", \"namespace\": \"bar\" }, "
            + "\"spec\": { \"hosts\": [ \"split.example.com\" ], \"gateways\": [ \"split\" ], \"http\": [ { \"route\": [ " + string.Join(", ", destinations) + " ] } ] } }";
        var model = TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster2" ? s : s with { Objects = s.Objects.Add(ObjectText.Parse(SplitGateway)).Add(ObjectText.Parse(vs)) }).Model;
        return model.Trace(TraceRequest.FromOutside("cluster2", "split.example.com", 80, "/", ImmutableSortedDictionary<string, string>.Empty));
    }

    /// <summary>Each app reached and the share of the requests it takes, summed over its pods, in app order.</summary>
    private static IEnumerable<(string? App, double Share)> ByApp(TraceResult result) =>
        result.Arrivals.GroupBy(a => a.Workload.App).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, Math.Round(g.Sum(a => a.Share), 12)));

    /// <summary>Mutants 11424, 11426, 11427, 11429, 11430, 11433: 90/10 takes 90 % and 10 %, not all of it each, not a share of the larger weight, not a division.</summary>
    [Fact]
    public void NinetyTenSendsNinetyPercentToOneAndTenToTheOther()
    {
        var result = Split(Destination("httpbin", "bar", 8000, 90), Destination("ratings", "default", 9080, 10));

        Assert.Empty(result.Failures);
        Assert.Equal([("httpbin", 0.9), ("ratings", 0.1)], ByApp(result));
        // Both apps run as v1 in cluster2: the shares trace prints add up to all the requests, not 200 %.
        Assert.Equal("cluster2 v1 100%", result.SharesText);
    }

    /// <summary>The same arithmetic over three uneven weights, the largest not first (Sum to Max gives 70/70, 20/70, 10/70).</summary>
    [Fact]
    public void SeventyTwentyTenSharesEachByItsWeightOverTheirSum()
    {
        var result = Split(Destination("ratings", "default", 9080, 20), Destination("httpbin", "bar", 8000, 70), Destination("reviews", "default", 9080, 10));

        Assert.Empty(result.Failures);
        Assert.Equal([("httpbin", 0.7), ("ratings", 0.2), ("reviews", 0.1)], ByApp(result));
    }

    /// <summary>
    /// Mutants 11435 and 11438: a destination of weight 0 beside others is not in Envoy's weighted clusters, so it
    /// neither arrives with 0 % nor fails, even where its host is unknown; a weight left out is 0.
    /// </summary>
    [Fact]
    public void AZeroWeightDestinationIsLeftOutWhetherItExistsOrNot()
    {
        var result = Split(
            Destination("httpbin", "bar", 8000, 100),
            Destination("ratings", "default", 9080, 0),
            Destination("nothing", "bar", 8000, null));

        Assert.Empty(result.Failures);
        Assert.Equal([("httpbin", 1.0)], ByApp(result));
        Assert.Equal(["httpbin"], result.Arrivals.Select(a => a.Workload.App));
    }

    /// <summary>Mutant 11425 is equivalent (see the report): one destination takes every request whatever weight it is given, none included.</summary>
    [Theory]
    [InlineData(30)]
    [InlineData(100)]
    [InlineData(null)]
    public void ASingleDestinationTakesEveryRequestWhateverItsWeight(int? weight)
    {
        var result = Split(Destination("httpbin", "bar", 8000, weight));

        Assert.Empty(result.Failures);
        Assert.Equal([("httpbin", 1.0)], ByApp(result));
    }
}
