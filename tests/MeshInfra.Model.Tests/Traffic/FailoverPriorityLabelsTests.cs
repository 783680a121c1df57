using System.Collections.Immutable;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Istio's own failoverPriority cases, ported as data: pilot/pkg/networking/core/loadbalancer/
/// loadbalancer_test.go, TestApplyLocalitySetting, "FailoverPriority" (buildWrappedLocalityLbEndpoints:
/// six endpoints in three localities), at 1.30.3 and 1.31.0-rc.0, the expected priorities read per
/// endpoint. Where the tags differ (1.31's includesNetwork) each tag's answer is asserted. Then
/// MeshInfra's own rule, whose values are written in and so ignore the client's labels.
/// </summary>
public sealed class FailoverPriorityLabelsTests
{
    private const string Network = "topology.istio.io/network";
    private const string Cluster = "topology.istio.io/cluster";

    // 1.1.1.1, 2.2.2.2 | 3.3.3.3, 4.4.4.4 | 1.2.3.4, 2.3.4.5
    private static readonly IReadOnlyList<IReadOnlyDictionary<string, string>> IstioEndpoints =
    [
        Labels((Network, "n1"), (Cluster, "c1")),
        Labels(("key", "value"), (Network, "n2"), (Cluster, "c2")),
        Labels(("key", "value"), (Network, "n1"), (Cluster, "c3")),
        Labels(("key", "value"), (Network, "n2"), (Cluster, "c4")),
        Labels(("key", "value"), (Network, "n1"), (Cluster, "c1")),
        Labels(("key", "value"), (Network, "n2"), (Cluster, "c2")),
    ];

    public static TheoryData<string, string[], string[], int[], int[]> IstioCases => new()
    {
        { "match none label", [Network, Cluster], [$"{Network}=test", $"{Cluster}=test"], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0] },
        { "match network label", [Network, Cluster], [$"{Network}=n1", $"{Cluster}=test"], [0, 1, 0, 1, 0, 1], [0, 1, 0, 1, 0, 1] },
        // 1.31 no longer stops at a differing network: the cluster label still ranks the endpoints.
        { "not match the first n label", [Network, Cluster], [$"{Network}=test", $"{Cluster}=c1"], [0, 0, 0, 0, 0, 0], [0, 1, 1, 1, 0, 1] },
        { "match all labels", ["key", Network, Cluster], ["key=value", $"{Network}=n2", $"{Cluster}=c2"], [3, 0, 2, 1, 2, 0], [3, 0, 2, 1, 2, 0] },
        { "priority assignment as per the overridden value", [$"{Network}=n1"], [$"{Network}=n2", $"{Cluster}=test"], [0, 1, 0, 1, 0, 1], [0, 1, 0, 1, 0, 1] },
        { "no endpoints with overridden value", [$"{Network}=n3"], [$"{Network}=n1", $"{Cluster}=test"], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(IstioCases))]
    public void PrioritiesFollowIstiosApplyFailoverPriorities(string istioCase, string[] failoverPriority, string[] proxy, int[] at130, int[] at131)
    {
        var proxyLabels = proxy.Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        Assert.True(at130.SequenceEqual(FailoverPriorityLabels.Priorities(proxyLabels, IstioEndpoints, failoverPriority, "1.30")), istioCase + " at 1.30.3");
        Assert.True(at131.SequenceEqual(FailoverPriorityLabels.Priorities(proxyLabels, IstioEndpoints, failoverPriority, "1.31")), istioCase + " at 1.31.0-rc.0");
    }

    [Fact]
    public void AProxyWithoutLabelsLeavesEveryEndpointAtPriorityZero() =>
        // applyFailoverPriorities returns before looking at the endpoints.
        Assert.Equal([0, 0, 0, 0, 0, 0], FailoverPriorityLabels.Priorities(new Dictionary<string, string>(), IstioEndpoints, [$"{Network}=n1"], "1.30").ToArray());

    [Theory]
    [InlineData("eu-west-1")]
    [InlineData("ap-south-1")]
    [InlineData("")]
    public void MeshInfrasRuleRanksOwnClusterThenRegionWhateverTheClientsNodeSays(string nodeRegion)
    {
        // cluster2's rule; endpoints: cluster1 (eu-west), cluster2 twice (two versions), cluster3 (us-east).
        IReadOnlyList<IReadOnlyDictionary<string, string>> endpoints =
        [
            FailoverPriorityLabels.Augment(Labels(("cluster", "cluster1"), ("meshinfra.io/region", "eu-west")), "meshinfra.nearby/cluster1", "cluster2"),
            FailoverPriorityLabels.Augment(Labels(("cluster", "cluster2"), ("meshinfra.io/region", "eu-west"), ("version", "v2")), "eu-west", "cluster2"),
            FailoverPriorityLabels.Augment(Labels(("cluster", "cluster2"), ("meshinfra.io/region", "eu-west"), ("version", "v3")), "eu-west", "cluster2"),
            FailoverPriorityLabels.Augment(Labels(("cluster", "cluster3"), ("meshinfra.io/region", "us-east")), "meshinfra.cluster3", "cluster2"),
        ];
        var proxy = FailoverPriorityLabels.Augment(Labels(("app", "sleep")), nodeRegion, "cluster2");
        foreach (var minor in new[] { "1.30", "1.31" })
        {
            Assert.Equal([1, 0, 0, 2], FailoverPriorityLabels.Priorities(proxy, endpoints, ["meshinfra.io/region=eu-west", "cluster=cluster2"], minor).ToArray());
        }
    }

    [Fact]
    public void TheMostGeneralLabelMustComeFirst()
    {
        // Written the other way round, every endpoint outside the own cluster differs at the first label
        // and gets the lowest priority: the region's other clusters tie with the rest of the world.
        IReadOnlyList<IReadOnlyDictionary<string, string>> endpoints =
        [
            Labels(("cluster", "cluster1"), ("meshinfra.io/region", "eu-west")),
            Labels(("cluster", "cluster2"), ("meshinfra.io/region", "eu-west")),
            Labels(("cluster", "cluster3"), ("meshinfra.io/region", "us-east")),
        ];
        var proxy = Labels(("app", "sleep"));
        Assert.Equal([1, 0, 1], FailoverPriorityLabels.Priorities(proxy, endpoints, ["cluster=cluster2", "meshinfra.io/region=eu-west"], "1.30").ToArray());
        Assert.Equal([1, 0, 2], FailoverPriorityLabels.Priorities(proxy, endpoints, ["meshinfra.io/region=eu-west", "cluster=cluster2"], "1.30").ToArray());
    }

    [Fact]
    public void AugmentOverwritesTopologyLabelsAndKeepsTheRest()
    {
        // AugmentLabels: region/zone/subzone from the locality and the reading cluster's ID replace what the endpoint says.
        var augmented = FailoverPriorityLabels.Augment(Labels(("cluster", "cluster1"), (Cluster, "cluster1"), ("topology.kubernetes.io/region", "x")), "eu-west/eu-west-1a", "cluster2");
        Assert.Equal("cluster1", augmented["cluster"]);
        Assert.Equal("cluster2", augmented[Cluster]);
        Assert.Equal("eu-west", augmented["topology.kubernetes.io/region"]);
        Assert.Equal("eu-west-1a", augmented["topology.kubernetes.io/zone"]);
        Assert.False(augmented.ContainsKey("topology.istio.io/subzone"));
    }

    private static ImmutableSortedDictionary<string, string> Labels(params (string Key, string Value)[] labels) =>
        labels.ToImmutableSortedDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
}
