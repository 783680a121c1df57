using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, Traffic/TrafficModel.Retries.cs survivors of the 9f80ae2 run: the retries hop with a down gateway no
/// first attempt picks beside one they do, a live cluster whose gateway stands for two endpoints (two versions), and
/// the failed share at the exact thresholds of its wording.
/// </summary>
public sealed class TraceRetryOwnerMutantTests
{
    private const string Window = "until 5 connection failures in a row eject the down gateway: ";
    private const string DefaultRetries = "Istio's default retry policy: 2 retries on a failed connection, each preferring a host not tried (previous_hosts, up to 6 picks)";

    private static string[] Retries(string config, string client, params string[] down)
    {
        var (_, traffic, _) = TrafficFixture.For(config);
        var result = traffic.WithFailover(down, []).Model(TrafficFixture.Placeholder)
            .Trace(TrafficFixture.Request($"{client}/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", "cart.shop.global", 8080));
        return [.. result.Hops.Where(h => h.Step == "retries").Select(h => h.Detail)];
    }

    /// <summary>north and east in one region, west and edge in another; cart in east, west and edge.</summary>
    private static readonly string TwoRegions = Configs.ThreeClusters
        .Replace("\"clusters\": [\"east\"]", "\"clusters\": [\"east\", \"west\", \"edge\"]", StringComparison.Ordinal)
        .Replace("{ \"name\": \"east\", \"context\": \"gke-east\", \"network\": \"net-east\" },",
            "{ \"name\": \"north\", \"context\": \"gke-north\", \"network\": \"net-north\", \"labels\": { \"region\": \"r1\" } }, { \"name\": \"east\", \"context\": \"gke-east\", \"network\": \"net-east\", \"labels\": { \"region\": \"r1\" } },", StringComparison.Ordinal)
        .Replace("\"network\": \"net-west\",", "\"network\": \"net-west\", \"labels\": { \"region\": \"r2\" },", StringComparison.Ordinal)
        .Replace("\"network\": \"net-edge\",", "\"network\": \"net-edge\", \"labels\": { \"region\": \"r2\" },", StringComparison.Ordinal);

    /// <summary>
    /// Mutant 11210: east (north's region, priority 0) and west (priority 1) are down. Before ejection every first attempt
    /// goes to priority 0, so only east's down gateway is dialled first; west's, down too, is no first pick and is not named.
    /// </summary>
    [Fact]
    public void ADownGatewayOfALowerPriorityIsNotNamedAmongTheFirstDialled()
    {
        var retries = Retries(TwoRegions, "north", "east", "west");
        Assert.Equal([Window + "100% of requests first dial east's down gateway and fail to connect; " + DefaultRetries + ": of those, all of them fail (503, upstream connect error)"], retries);
    }

    /// <summary>cart's v1 in east and west, v2 in west: west's gateway stands for two endpoints of the global host.</summary>
    private static readonly string TwoVersionsInWest = Configs.ThreeClusters
        .Replace("\"clusters\": [\"east\"]", "\"versions\": { \"v1\": [\"east\", \"west\"], \"v2\": \"west\" }", StringComparison.Ordinal)
        .Replace("{ \"name\": \"east\", \"context\": \"gke-east\", \"network\": \"net-east\" },", "{ \"name\": \"east\", \"context\": \"gke-east\", \"network\": \"net-east\" }, { \"name\": \"north\", \"context\": \"gke-north\", \"network\": \"net-north\" },", StringComparison.Ordinal);

    /// <summary>
    /// Mutant 11219: with east down, what north's first attempts at east come to on retry all lands in west, through its
    /// v1 and v2 endpoints: the hop sums the two (west 100%), not the larger.
    /// </summary>
    [Fact]
    public void AClusterWithTwoEndpointsSumsWhatEachAnswersOnRetry()
    {
        var retries = Retries(TwoVersionsInWest, "north", "east");
        Assert.Equal([Window + "33.33% of requests first dial east's down gateway and fail to connect; " + DefaultRetries + ": of those, west 100% answered on retry, under 0.01% fail (503, upstream connect error)"], retries);
    }
}
