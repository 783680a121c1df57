using MeshInfra.Model.Doctor;

namespace MeshInfra.Model.Tests.Doctor;

/// <summary>
/// A kind the reader could not list in one cluster (403, or its CRD missing) is unknown there, not
/// absent: the checks that need it skip that cluster's part and say so, the reader's unreachable
/// finding is the only finding, and the other cluster is still checked in full.
/// </summary>
public sealed class UnreadKindTests
{
    private const string VirtualServices = "virtualservices.networking.istio.io";

    [Fact]
    public void RefusedVirtualServicesGiveOnlyTheReadFindingNotDriftOrTraffic()
    {
        // cluster1 holds the dev stack's reviews route (VirtualService istio-system/reviews.default.global):
        // taken as absent, it would be "missing" drift, and jason's requests would fail the route's split.
        var mesh = LiveMesh.Dev();
        mesh.Refuse("cluster1", "VirtualService", VirtualServices);
        var report = mesh.Examine();
        DoctorAssert.Rows(report, ("cluster1", FindingKind.Unreachable, "RBAC VirtualService"));

        var planned = PlannedVirtualServices(mesh, "cluster1");
        Assert.True(planned > 0);
        Assert.Equal(
            [
                ("cluster1", "drift", "MeshInfra's own VirtualService objects the plan no longer has"),
                ("cluster1", "drift", $"the plan's {planned} VirtualService objects"),
                ("cluster1", "shadowed", "other VirtualServices for MeshInfra's hosts"),
            ],
            report.Checked.Skipped.Where(s => s.Check != "traffic").Select(s => (s.Cluster, s.Check, s.What)));
        Assert.All(report.Checked.Skipped, s => Assert.Equal(("VirtualService", $"doctor may not list {VirtualServices} (403 Forbidden)"), (s.Kind, s.Reason)));
        Assert.Contains($"cluster1: drift: the plan's {planned} VirtualService objects not checked: VirtualService not read (doctor may not list virtualservices.networking.istio.io (403 Forbidden))", report.Checked.NotChecked);
    }

    [Fact]
    public void TheOtherClusterIsStillCheckedInFull()
    {
        var healthy = LiveMesh.Dev().Examine().Checked.Counts;
        var mesh = LiveMesh.Dev();
        mesh.Refuse("cluster1", "VirtualService", VirtualServices);
        var report = mesh.Examine();

        // Only cluster1's planned VirtualService and the requests cluster1's clients send are left out.
        Assert.Equal(healthy["drift"] - PlannedVirtualServices(mesh, "cluster1"), report.Checked.Counts["drift"]);
        Assert.InRange(report.Checked.Counts["traffic"], 1, healthy["traffic"] - 1);
        var fromCluster1 = report.Checked.Skipped.Single(s => s.Check == "traffic");
        Assert.StartsWith("the verify matrix's ", fromCluster1.What, StringComparison.Ordinal);
        Assert.EndsWith(" from cluster1's clients", fromCluster1.What, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Checked.Skipped, s => s.Cluster == "cluster2");
    }

    [Fact]
    public void AFaultInTheOtherClusterIsStillFound()
    {
        var mesh = LiveMesh.Dev();
        mesh.Refuse("cluster1", "VirtualService", VirtualServices);
        mesh.Remove("cluster2", "ServiceEntry", "istio-system", "httpbin.bar.global");
        var report = mesh.Examine();
        Assert.Contains(report.Findings, f => (f.Cluster, f.Kind, f.Object) == ("cluster2", FindingKind.Drift, "ServiceEntry istio-system/httpbin.bar.global"));
        Assert.DoesNotContain(report.Findings, f => f.Cluster == "cluster1" && f.Kind != FindingKind.Unreachable);
    }

    [Fact]
    public void RefusedPodsSkipOwnerPodsPoliciesAndTheRequestsTheClusterServes()
    {
        // Without Pods, every owner in cluster2 would be "no running pod", and every request it serves would fail.
        var mesh = LiveMesh.Dev();
        mesh.Refuse("cluster2", "Pod", "pods");
        var report = mesh.Examine();
        DoctorAssert.Rows(report, ("cluster2", FindingKind.Unreachable, "RBAC Pod"));
        var skipped = report.Checked.Skipped.Where(s => s.Kind == "Pod").Select(s => (s.Cluster, s.Check)).ToHashSet();
        Assert.Superset(new HashSet<(string, string)> { ("cluster2", "precondition"), ("cluster2", "shadowed"), ("cluster2", "traffic") }, skipped);
        Assert.Contains(report.Checked.Skipped, s => s.Check == "traffic" && s.What.EndsWith("from other clusters served by cluster2", StringComparison.Ordinal));
        Assert.True(report.Checked.Counts["traffic"] > 0, "cluster1's requests to what cluster1 alone serves still run");
    }

    [Fact]
    public void RefusedDeploymentsDoNotMakeIstiodMissing()
    {
        var mesh = LiveMesh.Dev();
        mesh.Refuse("cluster2", "Deployment", "deployments.apps");
        var report = mesh.Examine();
        DoctorAssert.Rows(report, ("cluster2", FindingKind.Unreachable, "RBAC Deployment"));
        Assert.Contains(report.Checked.Skipped, s => (s.Cluster, s.Check, s.What) == ("cluster2", "precondition", "istiod's version"));
    }

    [Fact]
    public void RefusedConfigMapsSkipTheCorednsBlockAndTheRootsNotReportThemMissing()
    {
        var mesh = LiveMesh.Dev();
        mesh.Refuse("cluster2", "ConfigMap", "configmaps");
        var report = mesh.Examine();
        DoctorAssert.Rows(report, ("cluster2", FindingKind.Unreachable, "RBAC ConfigMap"));
        Assert.Contains(report.Checked.Skipped, s => (s.Cluster, s.Check, s.What) == ("cluster2", "drift", "MeshInfra's CoreDNS block"));
    }

    private static int PlannedVirtualServices(LiveMesh mesh, string cluster) =>
        mesh.Plan.Cluster(cluster).Objects.Count(o => o.Object.Kind == "VirtualService");

    [Fact]
    public void AReadKindIsCheckedAsBefore()
    {
        // Refusing one kind does not silence the checks of another in the same cluster.
        var mesh = LiveMesh.Dev();
        mesh.Refuse("cluster1", "VirtualService", VirtualServices);
        mesh.Remove("cluster1", "DestinationRule", "istio-system", "httpbin.bar.global");
        var report = mesh.Examine();
        Assert.Contains(report.Findings, f => (f.Cluster, f.Kind, f.Object) == ("cluster1", FindingKind.Drift, "DestinationRule istio-system/httpbin.bar.global"));
    }
}
