using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Istio's HTTP retry policy where a down east-west gateway is still in the load balancer (no outlier
/// detection, maxEjectionPercent, or the time before ejection): which share retries rescue, where it ends,
/// and what still fails. Policy cases from pilot/pkg/networking/core/route/retry/retry_test.go, TestRetry
/// (1.30.3, unchanged at 1.31.0-rc.0).
/// </summary>
public sealed class RetryTests
{
    private static readonly DocReader Read = new(TrafficFixture.Placeholder);

    private static readonly string CartInEastAndWest = Configs.ThreeClusters.Replace("\"clusters\": [\"east\"]", "\"clusters\": [\"east\", \"west\"]", StringComparison.Ordinal);

    /// <summary>A public VirtualService for cart.shop.global with one rule and these retries (none: no <c>retries</c> field).</summary>
    public static MapNode CartRoute(int? attempts = null, string? retryOn = null) =>
        MapNode.Of(
            ("apiVersion", "networking.istio.io/v1"),
            ("kind", "VirtualService"),
            ("metadata", MapNode.Of(("name", "cart-retries"), ("namespace", "shop"))),
            ("spec", MapNode.Of(
                ("hosts", ListNode.Of(new ScalarNode("cart.shop.global"))),
                ("http", ListNode.Of(MapNode.Of(
                    ("route", ListNode.Of(MapNode.Of(("destination", MapNode.Of(("host", "cart.shop.global")))))),
                    ("retries", attempts is null ? null : MapNode.Of(("attempts", attempts), ("retryOn", retryOn)))))))));

    [Fact]
    public void TestNilRetryShouldReturnDefault() =>
        Assert.Equal(RouteRetry.IstioDefault, RouteRetry.Of(null, Read));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void TestZeroAttemptsShouldReturnNilPolicy(int attempts) =>
        Assert.False(RouteRetry.Of(MapNode.Of(("attempts", attempts)), Read).RetriesConnectFailures);

    [Theory]
    [InlineData(null, true)]
    [InlineData("some,fake,conditions", false)]
    [InlineData("gateway-error,retriable-status-codes,503", true)]
    [InlineData("reset-before-request", true)]
    [InlineData(" some,\t,fake ,\tconditions, connect-failure ,", true)]
    [InlineData("some,fake,5xx,404,conditions,503", true)]
    [InlineData("retriable-status-codes,503", false)]
    public void RetryOnDecidesWhetherAFailedConnectionIsRetried(string? retryOn, bool retried)
    {
        var policy = RouteRetry.Of(MapNode.Of(("attempts", 3), ("retryOn", retryOn)), Read);
        Assert.Equal((3, retried), (policy.Retries, policy.RetriesConnectFailures));
    }

    [Fact]
    public void PreviousHostsIsOnUnlessTheRuleTurnsItOffOrAConsistentHashDropsIt()
    {
        Assert.True(RouteRetry.Of(MapNode.Of(("attempts", 2)), Read).OtherHostsFirst);
        Assert.False(RouteRetry.Of(MapNode.Of(("attempts", 2), ("retryIgnorePreviousHosts", false)), Read).OtherHostsFirst);

        // TestRetryPreviousHostsDefaultWithHashPolicy and ...ForHashPolicyWithRetryIgnorePreviousHosts.
        Assert.True(RouteRetry.IstioDefault.ReturnsToSameHost(consistentHash: true, routeDestinations: 1));
        Assert.False(RouteRetry.IstioDefault.ReturnsToSameHost(consistentHash: true, routeDestinations: 2));
        Assert.False(RouteRetry.Of(MapNode.Of(("attempts", 2), ("retryIgnorePreviousHosts", true)), Read).ReturnsToSameHost(consistentHash: true, routeDestinations: 1));
    }

    [Fact]
    public void TwoRetriesThatAvoidTheTriedHostRescueAllButATinyShare()
    {
        // Half the first picks are the dead host; a retry draws up to 6 times for another, so it stays on the
        // dead host with (1/2)^6, twice: 1/2 x (1/64)^2 fails.
        var outcome = ConnectRetries.Of([new(0.5, 1, Dead: true), new(0.5, 1, Dead: false)], RouteRetry.IstioDefault, sameHost: false);
        Assert.Equal(0.5 / 4096, outcome.Failed, 12);
        Assert.Equal(1 - 0.5 / 4096, outcome.Answered[1], 12);
        Assert.Equal(0, outcome.Answered[0]);
    }

    [Fact]
    public void WithoutPreviousHostsEachRetryIsOneDrawAndWithAConsistentHashItIsTheSameHost()
    {
        RetryHost[] hosts = [new(0.5, 1, Dead: true), new(0.5, 1, Dead: false)];
        Assert.Equal(0.125, ConnectRetries.Of(hosts, RouteRetry.IstioDefault with { OtherHostsFirst = false }, sameHost: false).Failed, 12);
        Assert.Equal(0.5, ConnectRetries.Of(hosts, RouteRetry.IstioDefault, sameHost: true).Failed, 12);
        Assert.Equal(0.5, ConnectRetries.Of(hosts, RouteRetry.Of(MapNode.Of(("attempts", 0)), Read), sameHost: false).Failed, 12);
    }

    [Fact]
    public void ADeadHostAloneInTheBestPriorityFailsEveryRetry()
    {
        // Before ejection Envoy sends all load to priority 0, whose only host is dead: every draw of every retry
        // lands on it again (the predicate's last draw is taken), and the next priority's host is never picked.
        var outcome = ConnectRetries.Of([new(1.0, 1, Dead: true), new(0.0, 1, Dead: false)], RouteRetry.IstioDefault, sameHost: false);
        Assert.Equal(1.0, outcome.Failed, 12);
        Assert.Equal(0, outcome.Answered[1]);
    }

    [Fact]
    public void ARetryCanReachAnotherDeadAddressOfTheSameName()
    {
        // A down gateway name resolving to 2 addresses beside 2 live hosts: a retry may pick the other dead address.
        var outcome = ConnectRetries.Of([new(0.5, 2, Dead: true), new(0.5, 1, Dead: false)], RouteRetry.IstioDefault, sameHost: false);
        Assert.True(outcome.Failed > 0.5 / 4096);
        Assert.Equal(1.0, outcome.Failed + outcome.Answered[1], 12);
    }

    [Fact]
    public void TheTraceSaysWhatRetriesDoBeforeOutlierDetectionEjectsTheDownGateway()
    {
        // Edge's clients spread cart over east and west (one priority). With east down, outlier detection ejects it
        // after 5 connection failures; until then half the first attempts fail and the default retries move them to west.
        var (_, traffic, _) = TrafficFixture.For(CartInEastAndWest);
        var result = traffic.WithFailover(["east"], []).Model(TrafficFixture.Placeholder)
            .Trace(TrafficFixture.Request($"edge/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", "cart.shop.global", 8080));
        Assert.Equal("west 100%", result.SharesText);
        var window = Assert.Single(result.Hops, h => h.Step == "retries");
        Assert.StartsWith("until 5 connection failures in a row eject the down gateway: 50% of requests first dial east's down gateway and fail to connect; Istio's default retry policy: 2 retries", window.Detail, StringComparison.Ordinal);
        Assert.EndsWith("of those, west 99.98% answered on retry, 0.02% fail (503, upstream connect error)", window.Detail, StringComparison.Ordinal);

        // With the route's retries off, that half fails until the gateway is ejected.
        var (_, off, _) = TrafficFixture.For(CartInEastAndWest, s => s.Name != "edge" ? s : s with { Objects = [.. s.Objects, CartRoute(attempts: 0)] });
        var noRetries = off.WithFailover(["east"], []).Model(TrafficFixture.Placeholder)
            .Trace(TrafficFixture.Request($"edge/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", "cart.shop.global", 8080));
        Assert.Equal("west 100%", noRetries.SharesText);
        Assert.EndsWith("the route's retries (attempts: 0): no retry on a failed connection: of those, all of them fail (503, upstream connect error)",
            Assert.Single(noRetries.Hops, h => h.Step == "retries").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyWarnsWhereACaseHoldsOnlyOnceTheDownGatewayIsEjected()
    {
        // From edge, cart is spread over east and west; with the route's retries off, half of edge's requests fail
        // until east's gateway is ejected. The case passes (west serves everything after), with a warning.
        var (spec, traffic, _) = TrafficFixture.For(CartInEastAndWest, s => s.Name != "edge" ? s : s with { Objects = [.. s.Objects, CartRoute(attempts: 0)] });
        var cases = MeshVerifier.Verify(spec, traffic.WithFailover(["east"], []).Model(TrafficFixture.Placeholder));
        var cart = Assert.Single(cases, c => c.Request.Cluster == "edge" && c.Request.Host == "cart.shop.global");
        Assert.True(cart.Passed);
        Assert.Equal(0.5, cart.Result.FailingBeforeEjection, 9);
        Assert.Equal([VerifyProblemKind.FailsBeforeEjection], cart.Warnings.Select(w => w.Kind));

        // With Istio's default retries what fails in that time is below the warning's threshold.
        var (_, plain, _) = TrafficFixture.For(CartInEastAndWest);
        var retried = Assert.Single(MeshVerifier.Verify(spec, plain.WithFailover(["east"], []).Model(TrafficFixture.Placeholder)), c => c.Request.Cluster == "edge" && c.Request.Host == "cart.shop.global");
        Assert.Equal(0.5 / 4096, retried.Result.FailingBeforeEjection, 9);
        Assert.Empty(retried.Warnings);
    }
}
