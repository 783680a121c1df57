using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Istio's own cases for locality priorities, ported as data: pilot/pkg/networking/core/loadbalancer/
/// loadbalancer_test.go, TestApplyLocalitySetting ("Failover: all priorities", "priorities with gaps",
/// "priorities with some nil localities", "with locality lb disabled"), identical at 1.30.3 and
/// 1.31.0-rc.0: client region1/zone1/subzone1, mesh failover from region1 to region2. Then the case
/// Istio's tests do not cover and MeshInfra's ServiceEntries hit: failoverPriority on a DNS subset cluster.
/// </summary>
public sealed class LocalityFailoverTests
{
    private const string Client = "region1/zone1/subzone1";

    private static readonly LocalityLbSetting Region1ToRegion2 = LocalityLbSetting.MeshDefault with { Failover = [new LocalityFailoverRule("region1", "region2")] };

    public static TheoryData<string, string[], int[]> IstioFailoverCases => new()
    {
        // buildFakeCluster: same subzone 0, same zone 1, same region 2, the failover region 3, the rest 4.
        { "all priorities", ["region1/zone1/subzone1", "region1/zone1/subzone1", "region1/zone1/subzone2", "region1/zone1/subzone3", "region1/zone2", "region2", "region3"], [0, 0, 1, 1, 2, 3, 4] },
        // buildSmallCluster: 1 and 3 renumbered without gaps.
        { "priorities with gaps", ["region1/zone1/subzone2", "region2/zone1/subzone2", "region2/zone1/subzone2"], [0, 1, 1] },
        // buildSmallClusterWithNilLocalities: no locality is outside the failover region, last.
        { "priorities with some nil localities", ["region1/zone1/subzone2", "", "region2/zone1/subzone2"], [0, 2, 1] },
    };

    [Theory]
    [MemberData(nameof(IstioFailoverCases))]
    public void PrioritiesFollowIstiosApplyLocalityFailover(string istioCase, string[] endpoints, int[] expected)
    {
        var priorities = LocalityFailover.Priorities(Client, [.. endpoints.Select(e => e.Length == 0 ? null : e)], Region1ToRegion2, subsetCluster: true, failoverEnabled: true);
        Assert.True(priorities.HasValue, istioCase);
        Assert.Equal(expected, priorities.Value.ToArray());
    }

    [Fact]
    public void WithLocalityLbDisabledEveryEndpointIsPriorityZero()
    {
        var disabled = Region1ToRegion2 with { Enabled = false };
        Assert.Equal([0, 0, 0], LocalityFailover.Priorities(Client, ["region1/zone1/subzone2", null, "region2"], disabled, subsetCluster: true, failoverEnabled: true)!.Value.ToArray());
    }

    [Fact]
    public void WithoutOutlierDetectionThereIsNoLocalityOrder()
    {
        Assert.Equal([0, 0], LocalityFailover.Priorities(Client, [Client, "region3"], LocalityLbSetting.MeshDefault, subsetCluster: false, failoverEnabled: false)!.Value.ToArray());
    }

    [Fact]
    public void FailoverPriorityOnADnsSubsetClusterDropsTheLocalityOrderAltogether()
    {
        // applyFailoverPriorities returns at once without wrapped endpoints (buildSubsetCluster never
        // sets them), and ApplyLocalityLoadBalancer runs applyLocalityFailover only when failover is set.
        var priority = LocalityLbSetting.MeshDefault with { FailoverPriority = ["cluster=cluster2"] };
        Assert.Equal([0, 0, 0], LocalityFailover.Priorities(Client, [Client, "region2", "region3"], priority, subsetCluster: true, failoverEnabled: true)!.Value.ToArray());
        Assert.Equal([0, 1, 2], LocalityFailover.Priorities(Client, [Client, "region2", "region3"], priority with { Failover = Region1ToRegion2.Failover }, subsetCluster: true, failoverEnabled: true)!.Value.ToArray());
    }

    [Fact]
    public void OnAnEdsClusterFailoverPriorityOrdersByLabelsAndFailoverRefinesIt()
    {
        // A STATIC ServiceEntry's clusters carry every endpoint's labels: key=value ranks endpoints 0 and 2
        // first; with failover also set, applyLocalityFailover multiplies that by 5 and adds the locality's
        // priority (0 same subzone, 3 the failover region, 4 the rest), then renumbers.
        var byKey = LocalityLbSetting.MeshDefault with { FailoverPriority = ["key=value"] };
        string?[] localities = [Client, "region2", "region3"];
        IReadOnlyList<IReadOnlyDictionary<string, string>> labels = [new Dictionary<string, string> { ["key"] = "value" }, new Dictionary<string, string>(), new Dictionary<string, string> { ["key"] = "value" }];
        var proxy = new Dictionary<string, string> { ["app"] = "client" };
        Assert.Equal([0, 1, 0], LocalityFailover.EdsPriorities(Client, localities, byKey, true, proxy, labels, "1.30")!.Value.ToArray());
        Assert.Equal([0, 2, 1], LocalityFailover.EdsPriorities(Client, localities, byKey with { Failover = Region1ToRegion2.Failover }, true, proxy, labels, "1.30")!.Value.ToArray());
        Assert.Equal([0, 0, 0], LocalityFailover.EdsPriorities(Client, localities, byKey, false, proxy, labels, "1.30")!.Value.ToArray());
        Assert.Null(LocalityFailover.EdsPriorities(Client, localities, byKey with { Distributes = true }, true, proxy, labels, "1.30"));
    }

    [Fact]
    public void WhatTheModelDoesNotFollowIsSaidNotGuessed()
    {
        var priority = LocalityLbSetting.MeshDefault with { FailoverPriority = ["cluster=cluster2"] };
        Assert.Null(LocalityFailover.Priorities(Client, [Client, "region2"], priority, subsetCluster: false, failoverEnabled: true));
        Assert.Null(LocalityFailover.Priorities(Client, [Client, "region2"], LocalityLbSetting.MeshDefault with { Distributes = true }, subsetCluster: true, failoverEnabled: true));
    }

    [Fact]
    public void OnceTheBestPriorityIsEjectedTheNextOneServes()
    {
        // Envoy's priority load over these priorities, one host per endpoint, as the percent each endpoint takes.
        int[] priorities = [0, 1, 1, 2];
        Assert.Equal("100 0 0 0", Load(priorities));
        Assert.Equal("0 50 50 0", Load(priorities, 0));

        // Priority 1 keeps one host of two: its health is 50% x 1.4 = 70, so 30% spills to priority 2 (Envoy's
        // partial spill; the whole-priority rule this test once asserted sent everything to endpoint 2).
        Assert.Equal("0 0 70 30", Load(priorities, 0, 1));
        Assert.Equal("0 0 0 100", Load(priorities, 0, 1, 2));
        Assert.Equal("0 0 0 0", Load(priorities, 0, 1, 2, 3));
    }

    private static string Load(int[] priorities, params int[] ejected) =>
        string.Join(" ", PriorityLoad.Shares([.. priorities.Select((p, i) => new FailoverHost(p, 1, ejected.Contains(i) ? 1 : 0))])
            .Select(s => Math.Round(s * 100).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
