using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Own cluster first, then the clusters of its region, then the others: what a client reaches, from
/// the objects MeshInfra renders, on nodes in zones the stack does not name.
/// </summary>
public sealed class NearestClusterTests
{
    // cluster2 and cluster3 share europe-west1 (other zones); cluster1 is in us-east1. echo runs in all
    // three, v1 in cluster1 and cluster3, v2 in cluster2; cluster2's clients are routed to v1.
    private const string ThreeRegions = """
    {
      "meshId": "mesh1",
      "clusters": [
        { "name": "cluster1", "context": "c1", "network": "network1", "labels": { "region": "us-east1" } },
        { "name": "cluster2", "context": "c2", "network": "network2", "labels": { "region": "europe-west1", "zone": "europe-west1-a" } },
        { "name": "cluster3", "context": "c3", "network": "network3", "labels": { "region": "europe-west1", "zone": "europe-west1-c" } }
      ],
      "services": [
        { "name": "echo", "namespace": "demo", "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" } ], "clusters": ["cluster1", "cluster2", "cluster3"] },
        { "name": "web", "namespace": "demo", "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" } ],
          "versions": { "v1": ["cluster1", "cluster3"], "v2": "cluster2" } }
      ],
      "routes": [
        { "service": "web", "namespace": "demo", "clients": ["cluster2"], "http": [ { "route": [ { "version": "v1" } ] } ] }
      ]
    }
    """;

    private static readonly string[] Clusters = ["cluster1", "cluster2", "cluster3"];
    private static readonly string Probe = $"cluster2/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}";

    private static TrafficModel OnNodes(string locality)
    {
        var (_, traffic, _) = TrafficFixture.For(ThreeRegions);
        return traffic.WithClientLocalities([ClientLocality.Parse($"cluster2={locality}", Clusters)]).Model(TrafficFixture.Placeholder);
    }

    [Fact]
    public void OnNodesOfAnotherZoneOfItsRegionAClientReachesItsOwnClusterOnly()
    {
        var result = OnNodes("europe-west1/europe-west1-b").Trace(TrafficFixture.Request(Probe, "echo.demo.global", 8080));
        Assert.Empty(result.Failures);
        Assert.Equal("cluster2 100%", TrafficFixture.Shares(result));
        Assert.Contains(result.Hops, h => h.Step == "failover" && h.Detail == "once those are ejected: cluster3, then cluster1");
    }

    [Fact]
    public void ForAVersionItsOwnClusterDoesNotRunTheClusterOfItsRegionComesFirst()
    {
        var result = OnNodes("europe-west1/europe-west1-b").Trace(TrafficFixture.Request(Probe, "web.demo.global", 8080));
        Assert.Empty(result.Failures);
        Assert.Equal("cluster3 v1 100%", TrafficFixture.Shares(result));
        Assert.Contains(result.Hops, h => h.Step == "failover" && h.Detail == "once those are ejected: cluster1");
    }

    [Fact]
    public void WithTheOwnGatewayEjectedTheNearestClusterServesThenTheOthers()
    {
        // The priorities the trace uses, over what cluster2 holds: its ServiceEntry's endpoints and its
        // DestinationRule's failover, for a client on a europe-west1-b node.
        var (_, traffic, _) = TrafficFixture.For(ThreeRegions);
        var cluster2 = traffic.Clusters.Single(c => c.Name == "cluster2");
        var entry = Find(cluster2, "ServiceEntry", "echo.demo.global");
        var rule = Find(cluster2, "DestinationRule", "echo.demo.global");
        var read = new DocReader(TrafficFixture.Placeholder);
        var endpoints = DocReader.Items(entry.At("spec", "endpoints")).OfType<MapNode>().ToList();
        var owners = endpoints.Select(e => read.StringMap(e["labels"])["cluster"]).ToList();
        var setting = LocalityLbSetting.Of(rule.At("spec", "trafficPolicy", "loadBalancer") as MapNode, read);
        var priorities = LocalityFailover.Priorities("europe-west1/europe-west1-b", [.. endpoints.Select(e => read.Str(e["locality"]))], setting, subsetCluster: false, failoverEnabled: true)!.Value;

        // Envoy's priority load with the down clusters' gateways ejected: the clusters whose endpoint takes a share.
        string Serving(params string[] down) =>
            string.Join(", ", PriorityLoad.Shares([.. priorities.Select((p, i) => new FailoverHost(p, 1, down.Contains(owners[i]) ? 1 : 0))])
                .Select((share, i) => (share, i)).Where(s => s.share > 0).Select(s => owners[s.i]));
        Assert.Equal("cluster2", Serving());
        Assert.Equal("cluster3", Serving("cluster2"));
        Assert.Equal("cluster1", Serving("cluster2", "cluster3"));
    }

    [Theory]
    [InlineData(new string[0], "cluster3 v1 100%")]
    [InlineData(new[] { "cluster3" }, "cluster1 v1 100%")]
    [InlineData(new[] { "cluster1" }, "cluster3 v1 100%")]
    public void TracedWithAClusterDownTheRouteFailsOverByTheLocalityOrder(string[] down, string reached)
    {
        // --down and the locality order together: the ejection model ranks endpoints by the failover rule.
        // cluster2's clients are routed to v1, which cluster3 (its region) and cluster1 (far) run.
        var (_, traffic, _) = TrafficFixture.For(ThreeRegions);
        var result = traffic.WithClientLocalities([ClientLocality.Parse("cluster2=europe-west1/europe-west1-b", Clusters)])
            .WithFailover(down, []).Model(TrafficFixture.Placeholder).Trace(TrafficFixture.Request(Probe, "web.demo.global", 8080));
        Assert.Empty(result.Failures);
        Assert.Equal(reached, TrafficFixture.Shares(result));
    }

    [Fact]
    public void WithoutTheFailoverRuleTheNearestRegionWouldTieWithTheOthers()
    {
        // What cluster2's clients got before: remote endpoints all 3 for a europe-west1 client.
        var (_, traffic, _) = TrafficFixture.For(ThreeRegions);
        var cluster2 = traffic.Clusters.Single(c => c.Name == "cluster2");
        var read = new DocReader(TrafficFixture.Placeholder);
        var endpoints = DocReader.Items(Find(cluster2, "ServiceEntry", "echo.demo.global").At("spec", "endpoints")).OfType<MapNode>().Select(e => read.Str(e["locality"])).ToList();
        Assert.Equal(["meshinfra.cluster1", "europe-west1/europe-west1-a", "meshinfra.nearby/cluster3"], endpoints);
        Assert.Equal([1, 0, 1], LocalityFailover.Priorities("europe-west1/europe-west1-b", endpoints, LocalityLbSetting.MeshDefault, subsetCluster: false, failoverEnabled: true)!.Value.ToArray());
    }

    [Fact]
    public void AClusterWhoseRegionNoOtherServingClusterSharesGetsNoFailoverRule()
    {
        var (_, traffic, _) = TrafficFixture.For(ThreeRegions);
        var cluster1 = traffic.Clusters.Single(c => c.Name == "cluster1");
        Assert.Null(Find(cluster1, "DestinationRule", "echo.demo.global").At("spec", "trafficPolicy", "loadBalancer"));
        var cluster3 = traffic.Clusters.Single(c => c.Name == "cluster3");
        Assert.Equal(
            "europe-west1 -> meshinfra.nearby",
            string.Join(", ", LocalityLbSetting.Of(Find(cluster3, "DestinationRule", "echo.demo.global").At("spec", "trafficPolicy", "loadBalancer") as MapNode, new DocReader(TrafficFixture.Placeholder)).Failover.Select(f => $"{f.From} -> {f.To}")));
    }

    [Fact]
    public void KnownGapOnNodesOfARegionTheStackDoesNotNameEveryClusterTies()
    {
        // The client's region matches no endpoint and no failover rule's from: every endpoint is 3
        // (util.go LbPriority), so requests spread over the three clusters. See README, Known limitations.
        var result = OnNodes("europe-north1/europe-north1-a").Trace(TrafficFixture.Request(Probe, "echo.demo.global", 8080));
        Assert.Equal("cluster1 33.33%, cluster2 33.33%, cluster3 33.33%", TrafficFixture.Shares(result));
    }

    [Fact]
    public void VerifyPassesEveryCellOfTheThreeRegionStack()
    {
        var (spec, _, model) = TrafficFixture.For(ThreeRegions);
        var failed = MeshVerifier.Verify(spec, model).Where(c => !c.Passed).Select(c => $"{c.Request.Cluster} {c.Request.Host}: {string.Join("; ", c.Problems)}").ToList();
        Assert.Empty(failed);
    }

    [Fact]
    public void VerifyFailsWhereAVersionLeavesTheRegionThoughAClusterOfTheRegionRunsIt()
    {
        // On nodes of another region cluster2's clients spread v1 over cluster1 and cluster3.
        var (spec, _, _) = TrafficFixture.For(ThreeRegions);
        var failed = MeshVerifier.Verify(spec, OnNodes("europe-north1")).Where(c => !c.Passed && c.Request.Host == "web.demo.global").SelectMany(c => c.Problems).ToList();
        Assert.Contains(VerifyMessages.OutsideRegion("cluster1/demo/web-v1 (v1)", "cluster2", ["cluster3"]), failed);
        Assert.All(failed, p => Assert.Equal(VerifyProblemKind.OutsideRegion, p.Kind));
    }

    [Fact]
    public void KnownGapFailoverPriorityOnTheRuleWouldDropTheOrderOfEverySubset()
    {
        // What issue 19 proposed: failoverPriority with a label=value override, here "prefer cluster3".
        // For a DNS ServiceEntry's subset clusters Istio applies none of it and, without failover, no
        // locality order either: v1 spreads over cluster1 and cluster3 (LocalityFailover's summary).
        var priority = MapNode.Of(("localityLbSetting", MapNode.Of(("failoverPriority", ListNode.Of("cluster=cluster3")))));
        var (_, traffic, _) = TrafficFixture.For(ThreeRegions, state => state.Name != "cluster2" ? state
            : TrafficFixture.Replace(state, "DestinationRule", "web.demo.global", rule => (MapNode)WithEveryPolicy(rule, priority)));
        var model = traffic.WithClientLocalities([ClientLocality.Parse("cluster2=europe-west1/europe-west1-b", Clusters)]).Model(TrafficFixture.Placeholder);
        var result = model.Trace(TrafficFixture.Request(Probe, "web.demo.global", 8080));
        Assert.Equal("cluster1 v1 50%, cluster3 v1 50%", TrafficFixture.Shares(result));
    }

    [Fact]
    public void FailoverPriorityOnADefaultClusterIsReportedAsNotModelled()
    {
        // echo has no route: the default cluster, whose wrapped endpoints are only the first locality's.
        var priority = MapNode.Of(("localityLbSetting", MapNode.Of(("failoverPriority", ListNode.Of("cluster=cluster3")))));
        var (_, traffic, _) = TrafficFixture.For(ThreeRegions, state => state.Name != "cluster2" ? state
            : TrafficFixture.Replace(state, "DestinationRule", "echo.demo.global", rule => (MapNode)WithEveryPolicy(rule, priority)));
        var result = traffic.Model(TrafficFixture.Placeholder).Trace(TrafficFixture.Request(Probe, "echo.demo.global", 8080));
        Assert.Equal(FailureKind.LocalityLbNotModelled, Assert.Single(result.Failures).Kind);
    }

    /// <summary>Sets loadBalancer on every policy level (each map that has outlierDetection).</summary>
    private static ManifestNode WithEveryPolicy(ManifestNode node, MapNode loadBalancer) => node switch
    {
        MapNode map => map["outlierDetection"] is null
            ? new MapNode([.. map.Entries.Select(e => new MapEntry(e.Key, WithEveryPolicy(e.Value, loadBalancer)))])
            : TrafficFixture.With(new MapNode([.. map.Entries.Select(e => new MapEntry(e.Key, WithEveryPolicy(e.Value, loadBalancer)))]), "loadBalancer", loadBalancer),
        ListNode list => new ListNode([.. list.Items.Select(i => WithEveryPolicy(i, loadBalancer))]),
        _ => node,
    };

    private static MapNode Find(ClusterState state, string kind, string name) =>
        state.Objects.Single(o => (o["kind"] as ScalarNode)?.Value as string == kind && (o.At("metadata", "name") as ScalarNode)?.Value as string == name);
}
