using MeshInfra.Model.Doctor;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Robustness;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Doctor;

/// <summary>doctor on the dev stack with <c>mesh.endpointResolution: static</c>.</summary>
public sealed class StaticResolutionDoctorTests
{
    private static LiveMesh StaticDev()
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(RepoStackConfigs.Dev)!.AsObject();
        config["endpointResolution"] = "static";
        return LiveMesh.For(Configs.Plan(config.ToJsonString()));
    }

    [Fact]
    public void TheStaticStackIsCleanAsDeployed()
    {
        DoctorAssert.Rows(StaticDev().Examine());
    }

    [Fact]
    public void ANodeOfAnotherRegionIsNoFindingUnderStaticResolution()
    {
        // failoverPriority writes the own cluster's values into the rule: the node's region ranks nothing.
        var mesh = StaticDev();
        mesh.Edit("cluster1", "Node", null, "cluster1-worker", n => LiveMesh.Set(n, MapNode.OfStrings([KeyValuePair.Create("topology.kubernetes.io/region", "europe-west1")]), "metadata", "labels"));
        DoctorAssert.Rows(mesh.Examine());
    }

    [Fact]
    public void ARecreatedGatewayServiceWithANewClusterIpIsDriftAndBreaksTheOwnClustersTraffic()
    {
        var mesh = StaticDev();
        mesh.Edit("cluster2", "Service", "istio-eastwest", "istio-eastwestgateway", s => LiveMesh.Set(s, "10.96.7.7", "spec", "clusterIP"));
        var report = mesh.Examine();
        // Both of reviews' own endpoints (v2 and v3) dial the old ClusterIP; only cluster2's own ServiceEntries do.
        var drift = report.Findings.Where(f => f.Kind == FindingKind.Drift && f.Object == "ServiceEntry istio-system/reviews.default.global").ToList();
        Assert.Equal(2, drift.Count);
        Assert.All(drift, f =>
        {
            Assert.Equal("cluster2", f.Cluster);
            Assert.Contains($"dials cluster2's east-west gateway at {LiveMesh.ClusterIp("cluster2")}", f.Message, StringComparison.Ordinal);
            Assert.Contains("now has ClusterIP 10.96.7.7", f.Message, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(report.Findings, f => f.Cluster == "cluster1");
        Assert.Contains(report.Findings, f => f.Kind == FindingKind.Traffic && f.Cluster == "cluster2" && f.Message.Contains("reviews.default.global", StringComparison.Ordinal));
    }
}
