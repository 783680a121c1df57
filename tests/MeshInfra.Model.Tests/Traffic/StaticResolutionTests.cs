using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// <c>mesh.endpointResolution: static</c>: the own cluster first, then the clusters of its region, then
/// the others, whatever region the client's node carries, for the default cluster and every subset; and
/// the same stack with DNS resolution, where a client on a node of another region ties them all.
/// </summary>
public sealed class StaticResolutionTests
{
    /// <summary>eu-west: cluster1 (reviews v1), cluster2 (v2, v3); us-east: cluster3 (v3), cluster4 (nothing).</summary>
    public const string FourClusters = """
    {
      "meshId": "mesh1",
      "endpointResolution": "static",
      "clusters": [
        { "name": "cluster1", "context": "c1", "network": "n1", "labels": { "region": "eu-west" }, "gateway": { "addressMode": "static", "address": "198.51.100.1" } },
        { "name": "cluster2", "context": "c2", "network": "n2", "labels": { "region": "eu-west" } },
        { "name": "cluster3", "context": "c3", "network": "n3", "labels": { "region": "us-east" }, "gateway": { "addressMode": "static", "address": "198.51.100.3" } },
        { "name": "cluster4", "context": "c4", "network": "n4", "labels": { "region": "us-east" }, "gateway": { "addressMode": "static", "address": "198.51.100.4" } }
      ],
      "services": [
        { "name": "reviews", "namespace": "default", "ports": [ { "name": "http", "number": 9080, "protocol": "HTTP" } ],
          "versions": { "v1": "cluster1", "v2": "cluster2", "v3": ["cluster2", "cluster3"] } }
      ],
      "routes": [
        { "service": "reviews", "namespace": "default", "clients": ["cluster1"],
          "http": [ { "route": [ { "version": "v3" } ] } ] }
      ]
    }
    """;

    private static readonly string[] Clusters = ["cluster1", "cluster2", "cluster3", "cluster4"];

    private static readonly string AsDns = FourClusters.Replace("\"endpointResolution\": \"static\",", "", StringComparison.Ordinal);

    private static TraceRequest Probe(string cluster) =>
        TrafficFixture.Request($"{cluster}/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", "reviews.default.global", 9080);

    private static TrafficModel Model(string json, string[] down, params string[] clientLocalities)
    {
        var (_, traffic, _) = TrafficFixture.For(json);
        return traffic
            .WithClientLocalities(clientLocalities.Select(l => ClientLocality.Parse(l, Clusters)))
            .WithFailover(down, [])
            .Model(TrafficFixture.Placeholder);
    }

    [Theory]
    [InlineData("cluster2=eu-west")]
    [InlineData("cluster2=ap-south/ap-south-1a")]
    public void TheOwnClusterComesFirstWhateverRegionTheNodesCarry(string nodes)
    {
        var result = Model(FourClusters, [], nodes).Trace(Probe("cluster2"));
        Assert.Empty(result.Failures);
        Assert.Equal("cluster2 v2 50%, cluster2 v3 50%", result.SharesText);
        Assert.Contains(result.Hops, h => h.Detail == "${cluster2.gatewayClusterIp} is the ClusterIP of istio-eastwestgateway.istio-eastwest.svc.cluster.local");
    }

    [Fact]
    public void KnownGapWithDnsResolutionANodeOfAnotherRegionTiesEveryCluster()
    {
        var result = Model(AsDns, [], "cluster2=ap-south/ap-south-1a").Trace(Probe("cluster2"));
        Assert.Equal("cluster1 v1 25%, cluster2 v2 25%, cluster2 v3 25%, cluster3 v3 25%", result.SharesText);
    }

    [Fact]
    public void OnceTheOwnGatewayIsGoneTheRegionsOtherClusterServesBeforeTheRest()
    {
        // cluster1's route sends everything to v3, which cluster2 (eu-west) and cluster3 (us-east) run.
        var result = Model(FourClusters, [], "cluster1=ap-south").Trace(Probe("cluster1"));
        Assert.Equal("cluster2 v3 100%", result.SharesText);
        Assert.Equal("cluster3 v3 100%", Model(FourClusters, ["cluster2"], "cluster1=ap-south").Trace(Probe("cluster1")).SharesText);
    }

    [Fact]
    public void TheDefaultClusterOfAClusterThatServesNothingPrefersItsRegion()
    {
        // cluster4 (us-east) has no route: the default cluster over every version; cluster3 is in its region.
        Assert.Equal("cluster3 v3 100%", Model(FourClusters, [], "cluster4=eu-west").Trace(Probe("cluster4")).SharesText);
        Assert.Equal("cluster1 v1 33.33%, cluster2 v2 33.33%, cluster2 v3 33.33%", Model(FourClusters, ["cluster3"], "cluster4=eu-west").Trace(Probe("cluster4")).SharesText);
        Assert.Equal("cluster3 v3 100%", Model(FourClusters, []).Trace(Probe("cluster3")).SharesText);
    }

    [Fact]
    public void TheOwnGatewayIsDialledByTheClusterIpGivenWithSet()
    {
        string Resolve(DeferredValue value) => value.Key == "cluster2.gatewayClusterIp" ? "10.96.0.15" : value.Placeholder;
        var result = MeshTraffic.FromPlan(Configs.Plan(FourClusters), Resolve).Model(Resolve).Trace(Probe("cluster2"));
        Assert.Equal("cluster2 v2 50%, cluster2 v3 50%", result.SharesText);
        Assert.Contains(result.Hops, h => h.Detail == "10.96.0.15 is the ClusterIP of istio-eastwestgateway.istio-eastwest.svc.cluster.local");
    }

    [Fact]
    public void UnderDnsResolutionAUsersEndpointAtTheOwnGatewaysClusterIpReachesThatGateway()
    {
        // kube-proxy sends any connection to a ClusterIP to the Service's pods, whatever the stack resolves: a user's
        // ServiceEntry endpoint in cluster2 holding cluster2's own gateway ClusterIP lands on that gateway.
        string Resolve(DeferredValue value) => value.Key == "cluster2.gatewayClusterIp" ? "10.96.0.15" : value.Placeholder;
        var plan = Configs.Plan(AsDns);
        var traffic = MeshTraffic.FromPlan(plan, Resolve);
        traffic = traffic with { Clusters = [.. traffic.Clusters.Select(state => state.Name != "cluster2" ? state : TrafficFixture.Replace(state, "ServiceEntry", "reviews.default.global", se => Endpoint(se, 1, "10.96.0.15")))] };
        var result = traffic.Model(Resolve).Trace(Probe("cluster2"), explain: true);
        Assert.Empty(result.Failures);
        Assert.Equal("cluster2 v2 50%, cluster2 v3 50%", result.SharesText);
        Assert.Contains(result.Hops, h => h.Detail == "10.96.0.15 is the ClusterIP of istio-eastwestgateway.istio-eastwest.svc.cluster.local");
    }

    [Fact]
    public void AnotherClustersPodsDoNotReachAGatewayByItsClusterIp()
    {
        // A user's ServiceEntry in cluster1 pointing at cluster2's ClusterIP: that IP means nothing in cluster1.
        var (_, traffic, _) = TrafficFixture.For(FourClusters, state => state.Name != "cluster1" ? state : TrafficFixture.Replace(state, "ServiceEntry", "reviews.default.global", se => Endpoint(se, 2, "${cluster2.gatewayClusterIp}")));
        var result = traffic.Model(TrafficFixture.Placeholder).Trace(Probe("cluster1"));
        Assert.Equal(FailureKind.UnreachableAddress, Assert.Single(result.Failures).Kind);
    }

    [Fact]
    public void AHostNameEndpointOfAStaticServiceEntryIsDroppedAsIstioDoes()
    {
        // cluster3's endpoint edited to a load balancer's host name: Istio's EDS keeps only IPs, so cluster4's
        // clients, whose region cluster3 shares, go to the other region's clusters.
        var (_, traffic, _) = TrafficFixture.For(FourClusters, state => state.Name != "cluster4" ? state : TrafficFixture.Replace(state, "ServiceEntry", "reviews.default.global", se => Endpoint(se, 3, "a1b2.elb.us-east-1.amazonaws.com")));
        var result = traffic.Model(TrafficFixture.Placeholder).Trace(Probe("cluster4"));
        Assert.Equal("cluster1 v1 33.33%, cluster2 v2 33.33%, cluster2 v3 33.33%", result.SharesText);
        Assert.Contains(result.Hops, h => h.Detail == "resolution STATIC keeps only IP endpoints: Istio drops a1b2.elb.us-east-1.amazonaws.com from the cluster");
    }

    [Fact]
    public void NoNodeLabelIsAssumedUnderStaticResolution()
    {
        var (_, traffic, _) = TrafficFixture.For(FourClusters);
        Assert.DoesNotContain(traffic.Assumptions, a => a.StartsWith("each cluster's nodes carry", StringComparison.Ordinal));
        Assert.Contains(TrafficFixture.For(AsDns).Traffic.Assumptions, a => a.StartsWith("each cluster's nodes carry", StringComparison.Ordinal));
    }

    /// <summary>The ServiceEntry with its <paramref name="index"/>-th endpoint's address replaced.</summary>
    private static MapNode Endpoint(MapNode serviceEntry, int index, string address)
    {
        var spec = (MapNode)serviceEntry["spec"]!;
        var endpoints = (ListNode)spec["endpoints"]!;
        var edited = endpoints.Items.Select((e, i) => i == index ? TrafficFixture.With((MapNode)e, "address", new ScalarNode(address)) : e);
        return TrafficFixture.With(serviceEntry, "spec", TrafficFixture.With(spec, "endpoints", new ListNode([.. edited])));
    }
}
