using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// The trace's retries hop in the cases the Stryker.NET run over Traffic/TrafficModel.Retries.cs (issue 17,
/// docs/quality.md) found untested: two down gateways among the first picks, a down gateway no first attempt
/// picks, answers spread over two live gateways, a retry count that leaves no failure, one that leaves under
/// 0.01 %, and a consistent hash that sends every retry back to the same host.
/// </summary>
public sealed class TraceRetryMutantTests
{
    /// <summary>cart in east, west and edge; north hosts none of it, so its clients spread cart over the three (one priority).</summary>
    private static readonly string CartInThree = Configs.ThreeClusters
        .Replace("\"clusters\": [\"east\"]", "\"clusters\": [\"east\", \"west\", \"edge\"]", StringComparison.Ordinal)
        .Replace("{ \"name\": \"east\", \"context\": \"gke-east\", \"network\": \"net-east\" },", "{ \"name\": \"east\", \"context\": \"gke-east\", \"network\": \"net-east\" }, { \"name\": \"north\", \"context\": \"gke-north\", \"network\": \"net-north\" },", StringComparison.Ordinal);

    private static TraceResult Trace(string client, string[] down, params MapNode[] clientObjects)
    {
        var (_, traffic, _) = TrafficFixture.For(CartInThree, s => s.Name != client ? s : s with { Objects = [.. s.Objects, .. clientObjects] });
        return traffic.WithFailover(down, []).Model(TrafficFixture.Placeholder)
            .Trace(TrafficFixture.Request($"{client}/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", "cart.shop.global", 8080));
    }

    private static string[] Retries(TraceResult result) => [.. result.Hops.Where(h => h.Step == "retries").Select(h => h.Detail)];

    private const string Window = "until 5 connection failures in a row eject the down gateway: ";
    private const string DefaultRetries = "Istio's default retry policy: 2 retries on a failed connection, each preferring a host not tried (previous_hosts, up to 6 picks)";

    [Fact]
    public void TheRetriesHopNamesEveryLiveGatewayThatAnswersOnRetry()
    {
        // A third of north's first attempts dial east's down gateway; the default retries move them to edge and west alike.
        var result = Trace("north", ["east"]);

        Assert.Equal("edge 50%, west 50%", result.SharesText);
        Assert.Equal([Window + "33.33% of requests first dial east's down gateway and fail to connect; " + DefaultRetries + ": of those, edge 50%, west 50% answered on retry, under 0.01% fail (503, upstream connect error)"], Retries(result));
    }

    [Fact]
    public void TwoDownGatewaysAddTheirFirstPicks()
    {
        // east and west each take a third of the first attempts: two thirds meet a down gateway.
        var result = Trace("north", ["east", "west"]);

        Assert.Equal("edge 100%", result.SharesText);
        Assert.Equal([Window + "66.67% of requests first dial east, west's down gateway and fail to connect; " + DefaultRetries + ": of those, edge 95.55% answered on retry, 4.45% fail (503, upstream connect error)"], Retries(result));
    }

    [Fact]
    public void ADownGatewayNoFirstAttemptPicksNeedsNoRetries()
    {
        // edge's own cart is priority 0: before ejection every first attempt goes there, none to west's down gateway.
        var result = Trace("edge", ["west"]);

        Assert.Equal("edge 100%", result.SharesText);
        Assert.Empty(Retries(result));
        Assert.Equal(0, result.FailingBeforeEjection);
    }

    [Fact]
    public void EnoughRetriesLeaveNoFailureAndThreeLeaveUnderAHundredthOfAPercent()
    {
        // 200 retries of up to 6 picks each: (1/3)^1200 is below the smallest double, so nothing fails.
        var many = Trace("north", ["east"], RetryTests.CartRoute(attempts: 200));
        Assert.EndsWith(": of those, edge 50%, west 50% answered on retry, none fails", Assert.Single(Retries(many)), StringComparison.Ordinal);
        Assert.Equal(0, many.FailingBeforeEjection);

        // 3 retries: (1/3)^18 of the third fails, 2.6e-9: under 0.01%.
        var three = Trace("north", ["east"], RetryTests.CartRoute(attempts: 3));
        Assert.EndsWith(": of those, edge 50%, west 50% answered on retry, under 0.01% fail (503, upstream connect error)", Assert.Single(Retries(three)), StringComparison.Ordinal);
    }

    [Fact]
    public void UnderAConsistentHashEveryRetryReturnsToTheDownGateway()
    {
        // retry.go, ConvertPolicy: with a consistent hash (one destination) the previous_hosts predicate is dropped,
        // so every retry hashes to the same down host (TestRetryPreviousHostsDefaultWithHashPolicy, 1.30.3 and 1.31.0-rc.0).
        var (_, traffic, _) = TrafficFixture.For(CartInThree, s => s.Name != "north" ? s : s with { Objects = [.. s.Objects.Select(ConsistentHash)] });
        var result = traffic.WithFailover(["east"], []).Model(TrafficFixture.Placeholder)
            .Trace(TrafficFixture.Request($"north/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", "cart.shop.global", 8080));

        Assert.Equal([Window + "33.33% of requests first dial east's down gateway and fail to connect; " + DefaultRetries + " (consistentHash: a retry picks the same host): of those, all of them fail (503, upstream connect error)"], Retries(result));
    }

    private static MapNode ConsistentHash(MapNode doc)
    {
        if ((doc["kind"] as ScalarNode)?.Value as string != "DestinationRule" || (doc.At("spec", "host") as ScalarNode)?.Value as string != "cart.shop.global")
        {
            return doc;
        }

        // MeshInfra's rule sets port 8080 in portLevelSettings, whose entry replaces the rule's whole policy on that port.
        var hash = MapNode.Of(("consistentHash", MapNode.Of(("httpHeaderName", "x-user"))));
        var spec = (MapNode)doc["spec"]!;
        var policy = (MapNode)spec["trafficPolicy"]!;
        var levels = (ListNode)policy["portLevelSettings"]!;
        policy = TrafficFixture.With(policy, "portLevelSettings", new ListNode([.. levels.Items.Select(l => (ManifestNode)TrafficFixture.With((MapNode)l, "loadBalancer", hash))]));
        return TrafficFixture.With(doc, "spec", TrafficFixture.With(spec, "trafficPolicy", policy));
    }
}
