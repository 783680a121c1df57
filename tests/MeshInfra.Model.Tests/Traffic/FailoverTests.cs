using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Where requests go when a cluster's east-west gateway is gone or ejected (<c>--down</c>), and how a
/// gateway name that resolves to several addresses weighs (<c>--resolves</c>): outcomes by cluster and share.
/// </summary>
public sealed class FailoverTests
{
    /// <summary>Three clusters, cart served in east and west.</summary>
    private static readonly string CartInEastAndWest = Configs.ThreeClusters.Replace("\"clusters\": [\"east\"]", "\"clusters\": [\"east\", \"west\"]", StringComparison.Ordinal);

    private static TraceRequest Probe(string cluster, string host, int port) =>
        TrafficFixture.Request($"{cluster}/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", host, port);

    private static TrafficModel Model(string json, string[] down, params (string Host, int Addresses)[] resolves)
    {
        var (_, traffic, _) = TrafficFixture.For(json);
        return traffic.WithFailover(down, resolves.Select(r => new ResolvedName(r.Host, r.Addresses))).Model(TrafficFixture.Placeholder);
    }

    [Fact]
    public void WhenTheLocalClustersGatewayIsEjectedEveryRequestMovesToTheNextPriority()
    {
        var up = Model(CartInEastAndWest, []).Trace(Probe("west", "cart.shop.global", 8080));
        Assert.Equal("west 100%", up.SharesText);

        // West's own gateway is the endpoint of priority 0 for west's clients: with it ejected, all goes to east.
        var (_, traffic, _) = TrafficFixture.For(CartInEastAndWest);
        var westDown = traffic.WithFailover(["west"], []).Model(TrafficFixture.Placeholder);
        Assert.Equal(FailureKind.ClientClusterDown, Assert.Single(westDown.Trace(Probe("west", "cart.shop.global", 8080)).Failures).Kind);

        var eastDown = Model(CartInEastAndWest, ["east"]).Trace(Probe("edge", "cart.shop.global", 8080));
        Assert.Empty(eastDown.Failures);
        Assert.Equal("west 100%", eastDown.SharesText);
        Assert.Contains(eastDown.Hops, h => h.Step == "endpoints" && h.Detail.Contains("EJECTED (down)", StringComparison.Ordinal));
    }

    [Fact]
    public void AClientInADownClusterIsNotTraced()
    {
        var result = Model(CartInEastAndWest, ["west"]).Trace(Probe("west", "cart.shop.global", 8080));
        Assert.Empty(result.Arrivals);
        Assert.Equal("west is down (--down west): its clients are not traced", Assert.Single(result.Failures).Reason);
    }

    [Fact]
    public void ARouteToAVersionThatRunsOnlyInTheDownClusterGets503()
    {
        // jason's route goes to v2 and v3, which run only in cluster2; everyone else's to v1 in cluster1.
        var model = Model(Configs.Seed, ["cluster2"]);
        var jason = model.Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "reviews.default.global", 9080, ("end-user", "jason")));
        Assert.Empty(jason.Arrivals);
        Assert.All(jason.Failures, f => Assert.Equal(FailureKind.AllEndpointsEjected, f.Kind));
        Assert.Contains(jason.Failures, f => f.Reason.StartsWith("every endpoint of reviews.default.global is ejected (clusters down: cluster2)", StringComparison.Ordinal));
        var mary = model.Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "reviews.default.global", 9080, ("end-user", "mary")));
        Assert.Equal("cluster1 v1 100%", mary.SharesText);
    }

    [Fact]
    public void WithoutOutlierDetectionADownGatewayKeepsItsShareAndOnlyRetriesRescueIt()
    {
        // Strip outlier detection from every level of every DestinationRule of edge: no ejection, no priorities.
        // Half the first attempts dial east's dead gateway; Istio's default policy retries them twice, each
        // time preferring a host not tried (previous_hosts, up to 6 draws): all but 0.5 x (1/64)^2 end on west.
        var (_, traffic, _) = TrafficFixture.For(CartInEastAndWest, s => s.Name != "edge" ? s : s with
        {
            Objects = [.. s.Objects.Select(o => (o["kind"] as ScalarNode)?.Value as string == "DestinationRule" ? (MapNode)WithoutOutlierDetection(o) : o)],
        });
        var result = traffic.WithFailover(["east"], []).Model(TrafficFixture.Placeholder).Trace(Probe("edge", "cart.shop.global", 8080));
        Assert.Equal(1 - 0.5 / 4096, result.Arrivals.Sum(a => a.Share), 9);
        Assert.All(result.Arrivals, a => Assert.Equal("west", a.Workload.Cluster));
        var failure = Assert.Single(result.Failures);
        Assert.Equal(FailureKind.GatewayDown, failure.Kind);
        Assert.Equal(0.5 / 4096, failure.Share, 9);

        // With the route's retries off (attempts: 0, which ConvertPolicy turns into no policy) that half fails.
        var (_, noRetries, _) = TrafficFixture.For(CartInEastAndWest, s => s.Name != "edge" ? s : s with
        {
            Objects = [.. s.Objects.Select(o => (o["kind"] as ScalarNode)?.Value as string == "DestinationRule" ? (MapNode)WithoutOutlierDetection(o) : o), RetryTests.CartRoute(attempts: 0)],
        });
        var off = noRetries.WithFailover(["east"], []).Model(TrafficFixture.Placeholder).Trace(Probe("edge", "cart.shop.global", 8080));
        Assert.Equal("west 50%", off.SharesText);
        Assert.Equal((FailureKind.GatewayDown, 0.5), (Assert.Single(off.Failures).Kind, Math.Round(off.Failures[0].Share, 9)));
        Assert.StartsWith("${east.gatewayAddress}:15443 is east's east-west gateway, which is down (--down east): the connection fails", off.Failures[0].Reason, StringComparison.Ordinal);
    }

    private static ManifestNode WithoutOutlierDetection(ManifestNode node) => node switch
    {
        MapNode map => new MapNode([.. map.Entries.Where(e => e.Key != "outlierDetection").Select(e => new MapEntry(e.Key, WithoutOutlierDetection(e.Value)))]),
        ListNode list => ListNode.From(list.Items.Select(WithoutOutlierDetection)),
        _ => node,
    };

    [Fact]
    public void AGatewayNameResolvingToSeveralAddressesWeighsThatManyHosts()
    {
        // From edge, east and west are the same priority; west's load balancer name resolving to 3 addresses
        // makes 4 hosts, 3 of them west's.
        var westAddress = "${west.gatewayAddress}";
        var model = Model(CartInEastAndWest, [], (westAddress, 3));
        var result = model.Trace(Probe("edge", "cart.shop.global", 8080));
        Assert.Empty(result.Failures);
        Assert.Equal("east 25%, west 75%", result.SharesText);
        Assert.Contains(result.Hops, h => h.Step == "endpoints" && h.Detail.Contains($"(3 hosts: {westAddress} resolves to 3 addresses)", StringComparison.Ordinal));

        // With east down, west takes everything whatever its number of hosts.
        Assert.Equal("west 100%", Model(CartInEastAndWest, ["east"], (westAddress, 3)).Trace(Probe("edge", "cart.shop.global", 8080)).SharesText);
    }

    [Fact]
    public void ResolvesNamesTheFlagAndTheFormOnBadInput()
    {
        var error = Assert.Throws<ArgumentException>(() => ResolvedName.Parse("elb.example.com=0"));
        Assert.Equal("--resolves 'elb.example.com=0': expected HOST=N, a gateway's DNS name and the number of addresses it resolves to (1 to 64), e.g. --resolves a1b2.elb.eu-west-1.amazonaws.com=3", error.Message);
        Assert.Equal(new ResolvedName("elb.example.com", 2), ResolvedName.Parse("ELB.example.com=2"));
    }

    [Fact]
    public void MaxEjectionPercentKeepsSomeDownHostsInTheLoadBalancerAndRetriesTakeTheirPartElsewhere()
    {
        // From edge, east (1 host) and west (a name resolving to 3) share a priority. West goes down; with
        // maxEjectionPercent 50 only 2 of the 4 hosts may be ejected, so one of west's stays and takes half the
        // first attempts; the default retries move all but 0.5 x (1/64)^2 of them to east.
        var json = CartInEastAndWest.Replace("\"meshId\": \"prod\",", "\"meshId\": \"prod\", \"outlierDetection\": { \"maxEjectionPercent\": 50 },", StringComparison.Ordinal);
        var result = Model(json, ["west"], ("${west.gatewayAddress}", 3)).Trace(Probe("edge", "cart.shop.global", 8080));
        Assert.Equal(1 - 0.5 / 4096, result.Arrivals.Where(a => a.Workload.Cluster == "east").Sum(a => a.Share), 9);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(FailureKind.GatewayDown, failure.Kind);
        Assert.Equal(0.5 / 4096, failure.Share, 9);
        Assert.Contains(result.Hops, h => h.Step == "endpoints" && h.Detail.Contains("DOWN, 2 of 3 hosts ejected (maxEjectionPercent)", StringComparison.Ordinal));

        // With the default (100) all three go and east takes everything.
        Assert.Equal("east 100%", Model(CartInEastAndWest, ["west"], ("${west.gatewayAddress}", 3)).Trace(Probe("edge", "cart.shop.global", 8080)).SharesText);
    }
}
