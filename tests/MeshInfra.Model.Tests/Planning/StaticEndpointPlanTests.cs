using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Planning;

/// <summary>
/// What a static stack declares that the traffic model's outcomes rest on: the own gateway dialled by a
/// ClusterIP only the cluster knows (and so planned after that Service), and the failoverPriority at every
/// policy level, since a port-level entry replaces the whole policy (util.go, MergeSubsetTrafficPolicy).
/// </summary>
public sealed class StaticEndpointPlanTests
{
    private static readonly MeshPlan Plan = Configs.Plan(StaticResolutionTests.FourClusters);

    private static MapNode Spec(string cluster, string kind) =>
        (MapNode)Plan.Cluster(cluster).Objects.Single(o => o.Object.Kind == kind && o.Object.Metadata.Name == "reviews.default.global").Object.Body["spec"]!;

    [Fact]
    public void EveryPolicyLevelOrdersByRegionThenOwnCluster()
    {
        var read = new DocReader(v => v.Placeholder);
        var rule = Spec("cluster2", "DestinationRule");
        var levels = new List<MapNode> { (MapNode)rule["trafficPolicy"]! };
        levels.AddRange(DocReader.Items(rule.At("trafficPolicy", "portLevelSettings")).OfType<MapNode>());
        foreach (var subset in DocReader.Items(rule["subsets"]).OfType<MapNode>())
        {
            levels.AddRange(DocReader.Items(subset.At("trafficPolicy", "portLevelSettings")).OfType<MapNode>());
        }

        Assert.Equal(8, levels.Count); // the rule, its port, and the port of each subset: v1, v2, v3, cluster1, cluster2, cluster3
        Assert.All(levels, level =>
        {
            Assert.Equal(["meshinfra.io/region=eu-west", "cluster=cluster2"], read.Strings(level.At("loadBalancer", "localityLbSetting", "failoverPriority")).ToArray());
            Assert.Null(level.At("loadBalancer", "localityLbSetting", "failover"));
            Assert.NotNull(level["outlierDetection"]);
        });
    }

    [Fact]
    public void AClusterThatDoesNotServeTheHostSharesItsRegionsRule()
    {
        var read = new DocReader(v => v.Placeholder);
        Assert.Equal(["meshinfra.io/region=us-east"], read.Strings(Spec("cluster4", "DestinationRule").At("trafficPolicy", "loadBalancer", "localityLbSetting", "failoverPriority")).ToArray());
    }

    [Fact]
    public void TheOwnEndpointIsTheGatewayClusterIpAndWaitsForTheGateway()
    {
        var entry = Spec("cluster2", "ServiceEntry");
        var read = new DocReader(v => v.Placeholder);
        Assert.Equal("STATIC", read.Str(entry["resolution"]));
        var addresses = DocReader.Items(entry["endpoints"]).OfType<MapNode>().Select(e => read.Str(e["address"]) ?? "").ToArray();
        Assert.Equal(["198.51.100.1", "${cluster2.gatewayClusterIp}", "${cluster2.gatewayClusterIp}", "198.51.100.3"], addresses);
        Assert.Contains(Plan.Edges, e => e.After.Scope == "cluster2" && e.After.Name.Contains("ServiceEntry", StringComparison.Ordinal) && e.Before == MeshPlanner.GatewayServiceId(Plan.Spec.Cluster("cluster2"), GatewayKind.EastWest));
        Assert.Contains(Plan.DeferredInObjects, v => v is GatewayClusterIp { Cluster: "cluster2" });
    }
}
