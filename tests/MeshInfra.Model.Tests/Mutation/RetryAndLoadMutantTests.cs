using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Cases the Stryker.NET run over Traffic/ConnectRetries.cs, RouteRetry.cs, PriorityLoad.cs and
/// LocalityFailover.cs (issue 17, docs/quality.md) showed no test had: two down gateways in one load
/// balancer, a down endpoint whose hosts are all ejected, the answers (not only the failures) of retries
/// without previous_hosts, the rounding remainder when the best priority is all ejected, a STATIC
/// cluster without failoverPriority, and the exact retry text a trace prints.
/// </summary>
public sealed class RetryAndLoadMutantTests
{
    private static readonly DocReader Read = new(TrafficFixture.Placeholder);

    [Fact]
    public void ARetryThatFailedOnOneDownGatewayMayLandOnTheOther()
    {
        // Thirds: down A, down B, live C; Istio's default 2 retries with previous_hosts. After A fails, a retry draws
        // up to 6 times for a host not tried: B with 364/729 (1/3 x (1 + 1/3 + ... + 1/3^5)), C the same, A again
        // 1/729. After A then B, the last retry stays on A or B with (2/3)^6 = 64/729; after A then A, it draws
        // as the first retry did and B fails it (364/729) or A again (1/729). Per down first pick that fails
        // (364 x 64 + 365) / 729^2 = 23661/531441, and A and B are each a third: 47322/1594323 (2.97 %) fails.
        var outcome = ConnectRetries.Of([new(1 / 3.0, 1, Dead: true), new(1 / 3.0, 1, Dead: true), new(1 / 3.0, 1, Dead: false)], RouteRetry.IstioDefault, sameHost: false);

        Assert.Equal(47322 / 1594323.0, outcome.Failed, 12);
        Assert.Equal(1 - (47322 / 1594323.0), outcome.Answered[2], 12);
        Assert.Equal((0.0, 0.0), (outcome.Answered[0], outcome.Answered[1]));
    }

    [Fact]
    public void ADownEndpointWhoseHostsAreAllEjectedTakesNoPartInRetries()
    {
        // Its hosts are out of the load balancer (no share, none in rotation): the rest is the two-host case, 1/2 x (1/64)^2.
        var outcome = ConnectRetries.Of([new(0.0, 0, Dead: true), new(0.5, 1, Dead: true), new(0.5, 1, Dead: false)], RouteRetry.IstioDefault, sameHost: false);

        Assert.Equal(0.5 / 4096, outcome.Failed, 12);
        Assert.Equal(1 - (0.5 / 4096), outcome.Answered[2], 12);
    }

    [Fact]
    public void WithoutPreviousHostsEachRetryIsOneDrawAndWhatItDoesNotFailTheLiveHostAnswers()
    {
        // Half the first picks fail; each retry is one draw, so 1/2, 1/4, 1/8 fail after 0, 1, 2 retries and the live host answers 7/8.
        var outcome = ConnectRetries.Of([new(0.5, 1, Dead: true), new(0.5, 1, Dead: false)], RouteRetry.IstioDefault with { OtherHostsFirst = false }, sameHost: false);

        Assert.Equal((0.125, 0.875), (outcome.Failed, outcome.Answered[1]));
    }

    [Fact]
    public void TheRoundingRemainderGoesToTheFirstPriorityWithHealthNotToAnEjectedOne()
    {
        // P0's one host ejected (health 0); P1 1 of 3 healthy (46), P2 1 of 5 (28): 62 and 37, and the 1 left to P1.
        var shares = PriorityLoad.Shares([new FailoverHost(0, 1, 1), new FailoverHost(1, 3, 2), new FailoverHost(2, 5, 4)]);

        Assert.Equal([0.0, 0.63, 0.37], shares.Select(s => Math.Round(s, 9)));
    }

    [Fact]
    public void AStaticClusterWithoutFailoverPriorityOrdersByLocality()
    {
        // No failoverPriority: the EDS cluster's endpoints get the locality priorities any cluster does (util.go, LbPriority).
        string?[] localities = ["region1/zone1/subzone1", "region1/zone2", "region2"];
        IReadOnlyList<IReadOnlyDictionary<string, string>> labels = [new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>()];

        var priorities = LocalityFailover.EdsPriorities("region1/zone1/subzone1", localities, LocalityLbSetting.MeshDefault, true, new Dictionary<string, string>(), labels, "1.30");

        Assert.Equal([0, 1, 2], priorities!.Value.ToArray());
    }

    [Fact]
    public void AFailoverRuleToTheEmptyRegionKeepsAnEndpointWithoutLocalityAtThree()
    {
        // Validation accepts `to: ""` (agent/validation.go, ValidateLocalityLbSetting refuses only from == to, "/" and "*").
        // An endpoint without locality has the empty Locality (model/proxy.go, ConvertLocality), whose region "" is that
        // `to`, so applyLocalityFailover leaves it at 3; region3 is not, so 4 (loadbalancer.go, 1.30.3 and 1.31.0-rc.0).
        var setting = LocalityLbSetting.MeshDefault with { Failover = [new LocalityFailoverRule("region1", "")] };

        var priorities = LocalityFailover.Priorities("region1/zone1/subzone1", ["region1/zone1/subzone1", null, "region3"], setting, subsetCluster: true, failoverEnabled: true);

        Assert.Equal([0, 1, 2], priorities!.Value.ToArray());
    }

    [Theory]
    [InlineData("connect-failure")]
    [InlineData("reset")]
    [InlineData("reset-before-request")]
    [InlineData("5xx")]
    [InlineData("gateway-error")]
    public void EachConditionAloneRetriesAFailedConnection(string retryOn) =>
        Assert.True(RouteRetry.Of(MapNode.Of(("attempts", 2), ("retryOn", retryOn)), Read).RetriesConnectFailures);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("HTTP2")]
    [InlineData("http")]
    [InlineData("GRPC-Web")]
    public void AnHttpOrSniffedPortKeepsTheRoutesRetries(string? protocol) =>
        Assert.Same(RouteRetry.IstioDefault, RouteRetry.For(protocol, RouteRetry.IstioDefault));

    [Fact]
    public void ATcpPortHasNoHttpRetryPolicy() =>
        Assert.Equal(new RouteRetry(0, false, false, "a TCP port (TCP proxy, no HTTP retry policy)"), RouteRetry.For("TCP", RouteRetry.IstioDefault));

    /// <summary>The text a trace's "retries" hop prints for a policy.</summary>
    [Theory]
    [InlineData(3, "retriable-status-codes,503", null, "the route's retries (attempts: 3, retryOn: retriable-status-codes,503): no retry on a failed connection")]
    [InlineData(1, null, null, "the route's retries (attempts: 1): 1 retry on a failed connection, each preferring a host not tried (previous_hosts, up to 6 picks)")]
    [InlineData(2, "connect-failure", false, "the route's retries (attempts: 2, retryOn: connect-failure): 2 retries on a failed connection, each to any host")]
    [InlineData(0, null, null, "the route's retries (attempts: 0): no retry on a failed connection")]
    [InlineData(0, "connect-failure", null, "the route's retries (attempts: 0): no retry on a failed connection")]
    public void TheRetryPolicyReadsAsTheTracePrintsIt(int attempts, string? retryOn, bool? ignorePrevious, string text) =>
        Assert.Equal(text, RouteRetry.Of(MapNode.Of(("attempts", attempts), ("retryOn", retryOn), ("retryIgnorePreviousHosts", ignorePrevious)), Read).ToString());

    [Fact]
    public void AnEmptyRetryOnReadsAsNoRetryOnAtAll() =>
        Assert.Equal("the route's retries (attempts: 2): 2 retries on a failed connection, each preferring a host not tried (previous_hosts, up to 6 picks)", RouteRetry.Of(MapNode.Of(("attempts", 2), ("retryOn", "")), Read).ToString());
}
