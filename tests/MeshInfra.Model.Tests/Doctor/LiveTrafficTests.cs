using System.Collections.Immutable;
using MeshInfra.Model.Doctor;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Doctor;

/// <summary>The verify matrix over live state: locality from nodes, unreachable clusters.</summary>
public sealed class LiveTrafficTests
{
    /// <summary>Three clusters (every gateway address mode), cart served in both east and west.</summary>
    private static LiveMesh CartInEastAndWest() =>
        LiveMesh.For(Configs.Plan(Configs.ThreeClusters.Replace("\"clusters\": [\"east\"]", "\"clusters\": [\"east\", \"west\"]", StringComparison.Ordinal)));

    [Fact]
    public void HealthyThreeClusterMeshGivesNoFinding()
    {
        var report = CartInEastAndWest().Examine();
        Assert.True(report.Findings.IsEmpty, string.Join("\n", report.Findings));
    }

    [Fact]
    public void NodesInARegionTheStackDoesNotKnowSendCartTrafficToTheOtherCluster()
    {
        // applyLocalityFailover: east's clients are in europe-west1 now, its own gateway endpoint has
        // no region, west's has meshinfra.west: both rank the same and requests split.
        var mesh = CartInEastAndWest();
        mesh.Edit("east", "Node", null, "east-worker", n => LiveMesh.Set(n, MapNode.OfStrings([KeyValuePair.Create("topology.kubernetes.io/region", "europe-west1")]), "metadata", "labels"));
        var report = mesh.Examine();
        DoctorAssert.Single(report, FindingKind.Precondition, "Node east-worker", "applyLocalityFailover");
        var traffic = Assert.Single(report.Findings, f => f.Kind == FindingKind.Traffic);
        Assert.Equal("east", traffic.Cluster);
        Assert.Contains("east/meshinfra-probe/client -> cart.shop.global:8080", traffic.Message, StringComparison.Ordinal);
        Assert.Contains("in another cluster", traffic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NodePortThatMovedIsDriftAndBreaksTheHopToThatCluster()
    {
        var mesh = CartInEastAndWest();
        mesh.Edit("edge", "Service", "istio-eastwest", "istio-eastwestgateway", s => LiveMesh.Set(s, ListNode.Of(MapNode.Of(("name", "tls"), ("port", 15443), ("nodePort", 32000))), "spec", "ports"));
        var report = mesh.Examine();
        var drift = report.Findings.Where(f => f.Kind == FindingKind.Drift && f.Object == "ServiceEntry istio-system/stock.inv.global").ToList();
        Assert.Equal(["east", "west"], drift.Select(f => f.Cluster));
        Assert.All(drift, f => Assert.Contains("now has NodePort 32000", f.Message, StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.Kind == FindingKind.Traffic && f.Message.Contains("stock.inv.global", StringComparison.Ordinal));
    }

    [Fact]
    public void UnreachableClusterIsReportedAndTheOthersAreStillChecked()
    {
        var mesh = LiveMesh.Dev();
        mesh.Remove("cluster1", "ServiceEntry", "istio-system", "httpbin.bar.global");
        var live = mesh.Live().Select(c => c.Name == "cluster2"
            ? c with { ServerVersion = null, Objects = [], ReadFindings = [new DoctorFinding("cluster2", FindingKind.Unreachable, "Cluster cluster2", "context kind-cluster2: connection refused", "-", "check the context")] }
            : c).ToImmutableArray();
        var report = MeshDoctor.Examine(mesh.Plan, v => v.Placeholder, live, new DoctorOptions(LiveMesh.Now));
        DoctorAssert.Rows(report, ("cluster2", FindingKind.Unreachable, "Cluster cluster2"), ("cluster1", FindingKind.Drift, "ServiceEntry istio-system/httpbin.bar.global"));
        Assert.Contains(report.Checked.NotChecked, n => n.StartsWith("traffic: the verify matrix needs every cluster", StringComparison.Ordinal));
    }

    [Fact]
    public void ClusterTheReaderDidNotHandOverIsUnreachable()
    {
        var mesh = LiveMesh.Dev();
        var live = mesh.Live().Where(c => c.Name == "cluster1").ToImmutableArray();
        var report = MeshDoctor.Examine(mesh.Plan, v => v.Placeholder, live, new DoctorOptions(LiveMesh.Now));
        DoctorAssert.Rows(report, ("cluster2", FindingKind.Unreachable, "Cluster cluster2"));
        Assert.Equal("cluster2 (context kind-cluster2) was not read", report.Findings[0].Message);
    }
}
