using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Cases the Stryker.NET run over Traffic/FailoverPriorityLabels.cs (issue 17, docs/quality.md) showed no test had: a
/// failoverPriority label that neither the proxy nor any endpoint carries, an endpoint without locality that carries
/// its own region label, a locality of more than three parts, and an empty failoverPriority. Istio, the same at
/// 1.30.3 and 1.31.0-rc.0 but where said: pilot/pkg/networking/core/loadbalancer/loadbalancer.go
/// (ApplyLocalityLoadBalancer, applyFailoverPriorities, applyFailoverPriorityPerLocality); serviceregistry/util/label/
/// label.go (AugmentLabels, SplitLocalityLabel); serviceregistry/serviceentry/conversion.go
/// (convertWorkloadEntryToWorkloadInstance: every ServiceEntry endpoint's labels go through AugmentLabels with its
/// locality). The last test puts the first three through the traffic model: where a request from sleep goes.
/// </summary>
public sealed class FailoverLabelsMutantTests
{
    private const string Region = FailoverPriorityLabels.RegionLabel;

    private static readonly string[] Minors = ["1.30", "1.31"];

    private static ImmutableSortedDictionary<string, string> Labels(params (string Key, string Value)[] labels) =>
        labels.ToImmutableSortedDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);

    private static readonly ImmutableSortedDictionary<string, string> Sleep = FailoverPriorityLabels.Augment(Labels(("app", "sleep")), "eu-west/eu-west-1a", "cluster1");

    /// <summary>
    /// applyFailoverPriorityPerLocality reads both values from Go maps (proxyLabels[label], istioEndpoint.Labels[label]): a
    /// label neither side carries reads "" on both, they are equal, and the next label ranks the endpoints. A rack label
    /// no pod has, written first, changes nothing: the endpoint of the proxy's region comes first.
    /// </summary>
    [Fact]
    public void ALabelNeitherTheProxyNorAnEndpointCarriesMatchesAndTheNextLabelRanks()
    {
        IReadOnlyList<IReadOnlyDictionary<string, string>> endpoints =
        [
            FailoverPriorityLabels.Augment(Labels(("cluster", "cluster3")), "us-east/us-east-1a", "cluster1"),
            FailoverPriorityLabels.Augment(Labels(("cluster", "cluster2")), "eu-west/eu-west-1b", "cluster1"),
        ];
        foreach (var minor in Minors)
        {
            Assert.Equal([1, 0], FailoverPriorityLabels.Priorities(Sleep, endpoints, ["example.com/rack", Region], minor).ToArray());
        }
    }

    /// <summary>
    /// An endpoint written without <c>locality</c> (a VM's WorkloadEntry-like endpoint) that carries
    /// <c>topology.kubernetes.io/region</c> itself: AugmentLabels sets the region only when SplitLocalityLabel gives a
    /// non-empty one (<c>len(region) &gt; 0</c>), so the endpoint keeps its own and ranks with the proxy's region.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void AnEndpointWithoutLocalityKeepsTheRegionLabelItCarries(string? locality)
    {
        var vm = FailoverPriorityLabels.Augment(Labels(("cluster", "vm"), (Region, "eu-west")), locality, "cluster1");
        Assert.Equal("eu-west", vm[Region]);

        IReadOnlyList<IReadOnlyDictionary<string, string>> endpoints = [vm, FailoverPriorityLabels.Augment(Labels(("cluster", "cluster3")), "us-east", "cluster1")];
        foreach (var minor in Minors)
        {
            Assert.Equal([0, 1], FailoverPriorityLabels.Priorities(Sleep, endpoints, [Region], minor).ToArray());
        }
    }

    /// <summary>
    /// A ServiceEntry endpoint's locality is not validated (pkg/config/validation checks only localityLbSetting's), so it
    /// may have more than three parts: SplitLocalityLabel takes the first three (its default case) and ignores the rest.
    /// </summary>
    [Fact]
    public void ALocalityOfMoreThanThreePartsGivesRegionZoneAndSubzoneFromTheFirstThree()
    {
        var augmented = FailoverPriorityLabels.Augment(Labels(("cluster", "cluster2")), "eu-west/eu-west-1a/rack1/row4", "cluster1");
        Assert.Equal(
            [("cluster", "cluster2"), (FailoverPriorityLabels.ClusterLabel, "cluster1"), (FailoverPriorityLabels.SubzoneLabel, "rack1"), (Region, "eu-west"), (FailoverPriorityLabels.ZoneLabel, "eu-west-1a")],
            augmented.Select(l => (l.Key, l.Value)));
    }

    /// <summary>
    /// With no failoverPriority every endpoint keeps priority 0: ApplyLocalityLoadBalancer calls applyFailoverPriorities
    /// only for a non-empty list, and applyFailoverPriorityPerLocality with none has no label to differ at (at 1.31.0-rc.0
    /// includesNetwork is guarded by <c>lowestPriority &gt; 0</c>). The model's own caller (LocalityFailover.EdsPriorities)
    /// never passes an empty list; this holds the public method to the same answer.
    /// </summary>
    [Fact]
    public void NoFailoverPriorityLeavesEveryEndpointAtZero()
    {
        IReadOnlyList<IReadOnlyDictionary<string, string>> endpoints =
        [
            FailoverPriorityLabels.Augment(Labels(("cluster", "cluster3")), "us-east/us-east-1a", "cluster1"),
            FailoverPriorityLabels.Augment(Labels(("cluster", "cluster2")), "eu-west/eu-west-1b", "cluster1"),
        ];
        foreach (var minor in Minors)
        {
            Assert.Equal([0, 0], FailoverPriorityLabels.Priorities(Sleep, endpoints, [], minor).ToArray());
        }
    }

    /// <summary>
    /// The first three cases as a request sees them: a user's STATIC ServiceEntry in cluster1 (nodes in eu-west/eu-west-1a)
    /// for httpbin, whose endpoints are cluster2's east-west gateway (labelled with region eu-west, no locality) and an
    /// address in us-east where nothing answers (its locality of four parts), and a DestinationRule with outlier
    /// detection and this failoverPriority.
    /// The gateway's endpoint ranks first and takes every request; were it to tie with the other, half would fail.
    /// </summary>
    [Theory]
    [InlineData("topology.kubernetes.io/region")]
    [InlineData("example.com/rack", "topology.kubernetes.io/region")]
    public void ThroughTheModelTheEndpointOfTheClientsRegionTakesEveryRequest(params string[] failoverPriority)
    {
        var (_, traffic, _) = TrafficFixture.For(Configs.Seed);
        var gateway = traffic.Gateways.Single(g => g.Cluster == "cluster2");
        MapNode Endpoint(string address, string port, string? locality, params (string Key, string Value)[] labels) => MapNode.Of(
            ("address", address),
            ("ports", MapNode.Of(("http", port))),
            ("locality", locality),
            ("labels", MapNode.OfStrings(labels.Append((Key: "security.istio.io/tlsMode", Value: "istio")).ToDictionary(l => l.Key, l => l.Value))));
        var entry = new KubeObject("networking.istio.io/v1", "ServiceEntry", ObjectMeta.Named("httpbin-by-hand", "foo"), MapNode.Of(("spec", MapNode.Of(
            ("hosts", ListNode.Of("httpbin.bar.svc.cluster.local")),
            ("addresses", ListNode.Of("240.240.0.50")),
            ("location", "MESH_INTERNAL"),
            ("resolution", "STATIC"),
            ("ports", ListNode.Of(MapNode.Of(("number", 8000), ("name", "http"), ("protocol", "HTTP")))),
            ("endpoints", ListNode.Of(Endpoint(gateway.Address, gateway.Port, null, (Region, "eu-west")), Endpoint("203.0.113.9", "8000", "us-east/us-east-1a/rack1/row4"))))))).ToNode();
        var rule = new KubeObject("networking.istio.io/v1", "DestinationRule", ObjectMeta.Named("httpbin-by-hand", "foo"), MapNode.Of(("spec", MapNode.Of(
            ("host", "httpbin.bar.svc.cluster.local"),
            ("trafficPolicy", MapNode.Of(
                ("outlierDetection", MapNode.Of(("consecutiveGatewayErrors", 5))),
                ("loadBalancer", MapNode.Of(("localityLbSetting", MapNode.Of(("failoverPriority", ListNode.From(failoverPriority.Select(p => (ManifestNode)p))))))))))))).ToNode();
        foreach (var istio in new[] { "1.30.3", "1.31.0-rc.0" })
        {
            var edited = traffic with { IstioVersion = istio, Clusters = [.. traffic.Clusters.Select(c => c.Name == "cluster1" ? c with { Locality = "eu-west/eu-west-1a", Objects = c.Objects.Add(entry).Add(rule) } : c)] };
            var result = edited.Model(TrafficFixture.Placeholder).Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.svc.cluster.local", 8000));
            Assert.Empty(result.Failures);
            Assert.Equal("cluster2 v1 100%", result.SharesText);
        }
    }
}
