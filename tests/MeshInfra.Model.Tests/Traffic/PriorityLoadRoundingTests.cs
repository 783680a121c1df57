using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Envoy's integer arithmetic in LoadBalancerBase::recalculatePerPriorityState and distributeLoad
/// (source/extensions/load_balancing_policies/common/load_balancer_impl.cc): health truncates, the load
/// each priority takes truncates, and what rounding leaves goes to the first priority with health.
/// </summary>
public sealed class PriorityLoadRoundingTests
{
    [Fact]
    public void BelowFullHealthTheLoadIsScaledAndTheRoundingRemainderGoesToTheFirstPriority()
    {
        // P0: 1 of 3 hosts healthy, 140 * 1 / 3 = 46; P1: 1 of 5, 140 / 5 = 28. Normalized total 74:
        // P0 takes 46 * 100 / 74 = 62, P1 28 * 100 / 74 = 37, and the 1 left goes to P0: 63 / 37.
        FailoverHost[] hosts = [new(0, 3, 2), new(1, 5, 4)];
        var shares = PriorityLoad.Shares(hosts);
        Assert.Equal(0.63, shares[0], 6);
        Assert.Equal(0.37, shares[1], 6);
    }

    [Fact]
    public void APriorityAboveSeventyOnePercentHealthyKeepsEverything()
    {
        // 5 of 7 healthy: 140 * 5 / 7 = 100, so nothing spills; 4 of 6: 93, so 7% goes to the next priority.
        Assert.Equal(1.0, PriorityLoad.Shares([new FailoverHost(0, 7, 2), new FailoverHost(1, 1, 0)])[0], 6);
        Assert.Equal(0.07, PriorityLoad.Shares([new FailoverHost(0, 6, 2), new FailoverHost(1, 1, 0)])[1], 6);
    }
}
