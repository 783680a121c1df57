using MeshInfra.Model.Doctor;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Tests.Doctor;

/// <summary>Preconditions: locality, sidecars, version labels, injection, versions, one root of trust, expiry.</summary>
public sealed class PreconditionTests
{
    [Fact]
    public void NodeInAnotherRegionThanTheStackAssumesIsAPrecondition()
    {
        // A GKE node carries its region; the dev stack gives cluster1 none, so its own gateway
        // endpoint would rank no higher than another cluster's. No dev service runs in two
        // clusters, so no request of the matrix leaves its cluster yet: only the precondition shows.
        var mesh = LiveMesh.Dev();
        mesh.Edit("cluster1", "Node", null, "cluster1-worker", n => LiveMesh.Set(n, MapNode.OfStrings([KeyValuePair.Create("topology.kubernetes.io/region", "europe-west1")]), "metadata", "labels"));
        var report = mesh.Examine();
        var finding = DoctorAssert.Single(report, FindingKind.Precondition, "Node cluster1-worker", "loadbalancer.go, applyLocalityFailover");
        Assert.Equal("cluster1", finding.Cluster);
        Assert.Contains("is in europe-west1", finding.Message, StringComparison.Ordinal);
        DoctorAssert.Rows(report, ("cluster1", FindingKind.Precondition, "Node cluster1-worker"));
    }

    [Fact]
    public void OwnerPodWithoutSidecarIsAPreconditionAndFailsItsTraffic()
    {
        var mesh = LiveMesh.Dev();
        var pod = mesh.Objects["cluster2"].Single(d => LiveMesh.Kind(d) == "Pod" && LiveMesh.Name(d)!.StartsWith("httpbin", StringComparison.Ordinal));
        var name = LiveMesh.Name(pod)!;
        mesh.Edit("cluster2", "Pod", "bar", name, p => LiveMesh.Set(p, null, "metadata", "labels", "security.istio.io/tlsMode"));
        var report = mesh.Examine();
        DoctorAssert.Single(report, FindingKind.Precondition, $"Pod bar/{name}", "ep_filters.go, EndpointsWithMTLSFilter");
        Assert.All(report.Findings, f => Assert.Contains(f.Kind, new[] { FindingKind.Precondition, FindingKind.Traffic }));
        Assert.Contains(report.Findings, f => f.Kind == FindingKind.Traffic && f.Message.Contains("httpbin.bar.global:8000", StringComparison.Ordinal));
    }

    [Fact]
    public void FinishedOwnerPodServesNothing()
    {
        var mesh = LiveMesh.Dev();
        var name = LiveMesh.Name(mesh.Objects["cluster2"].Single(d => LiveMesh.Kind(d) == "Pod" && LiveMesh.Name(d)!.StartsWith("httpbin", StringComparison.Ordinal)))!;
        mesh.Edit("cluster2", "Pod", "bar", name, p => LiveMesh.Set(p, "Failed", "status", "phase"));
        var report = mesh.Examine();
        var finding = DoctorAssert.Single(report, FindingKind.Precondition, "Service bar/httpbin", "buildSubsetCluster");
        Assert.StartsWith("no running pod labelled app=httpbin", finding.Message, StringComparison.Ordinal);
        Assert.Contains(report.Findings, f => f.Kind == FindingKind.Traffic && f.Message.Contains("httpbin.bar.global:8000", StringComparison.Ordinal));
    }

    [Fact]
    public void OwnerPodWithoutVersionLabelIsAPrecondition()
    {
        var mesh = LiveMesh.Dev();
        var pod = mesh.Objects["cluster2"].First(d => LiveMesh.Kind(d) == "Pod" && LiveMesh.Name(d)!.StartsWith("reviews-v3", StringComparison.Ordinal));
        var name = LiveMesh.Name(pod)!;
        mesh.Edit("cluster2", "Pod", "default", name, p => LiveMesh.Set(p, null, "metadata", "labels", "version"));
        var report = mesh.Examine();
        DoctorAssert.Single(report, FindingKind.Precondition, $"Pod default/{name}", "buildSubsetCluster");
        var missing = DoctorAssert.Single(report, FindingKind.Precondition, "Service default/reviews", "buildSubsetCluster");
        Assert.Contains("version=v3", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NamespaceWithoutInjectionIsAPrecondition()
    {
        var mesh = LiveMesh.Dev();
        mesh.Edit("cluster2", "Namespace", null, "bar", n => LiveMesh.Set(n, null, "metadata", "labels", "istio-injection"));
        var report = mesh.Examine();
        DoctorAssert.Rows(report, ("cluster2", FindingKind.Precondition, "Namespace bar"), ("cluster2", FindingKind.Drift, "Namespace bar"));
        DoctorAssert.Single(report, FindingKind.Precondition, "Namespace bar", "mutatingwebhook.yaml");
    }

    [Fact]
    public void NamespaceWithBothInjectionLabelsIsAPrecondition()
    {
        var mesh = LiveMesh.Dev();
        mesh.Edit("cluster2", "Namespace", null, "bar", n => LiveMesh.Set(n, "canary", "metadata", "labels", "istio.io/rev"));
        var report = mesh.Examine();
        var finding = DoctorAssert.Single(report, FindingKind.Precondition, "Namespace bar", "mutatingwebhook.yaml");
        Assert.Contains("istio-injection wins", finding.Message, StringComparison.Ordinal);
        DoctorAssert.Rows(report, ("cluster2", FindingKind.Precondition, "Namespace bar"));
    }

    [Theory]
    [InlineData("v1.31.9", true)]
    [InlineData("v1.32.13", false)]
    [InlineData("v1.36.0+k3s1", false)]
    [InlineData("v1.37.1", true)]
    public void KubernetesOutsideTheSupportedRangeIsAPrecondition(string version, bool found)
    {
        var mesh = LiveMesh.Dev();
        mesh.Versions["cluster1"] = version;
        var report = mesh.Examine();
        if (found)
        {
            DoctorAssert.Rows(report, ("cluster1", FindingKind.Precondition, "Version kube-apiserver"));
        }
        else
        {
            Assert.Empty(report.Findings);
        }
    }

    [Fact]
    public void IstiodOfAnotherVersionIsAPrecondition()
    {
        var mesh = LiveMesh.Dev();
        mesh.Edit("cluster2", "Deployment", "istio-system", "istiod", d => LiveMesh.Istiod("istiod", "1.30.3"));
        var report = mesh.Examine();
        DoctorAssert.Rows(report, ("cluster2", FindingKind.Precondition, "Deployment istio-system/istiod"));
        Assert.Contains("docker.io/istio/pilot:1.30.3; the stack installs Istio 1.31.1", report.Findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NamespaceRootCertOtherThanTheSharedRootIsAPrecondition()
    {
        var mesh = LiveMesh.Dev();
        var other = LiveMesh.RootPem(LiveMesh.Now.AddDays(-1), LiveMesh.Now.AddYears(1), "Self Signed istiod");
        mesh.Edit("cluster2", "ConfigMap", "bar", "istio-ca-root-cert", c => LiveMesh.Set(c, other, "data", "root-cert.pem"));
        var report = mesh.Examine();
        DoctorAssert.Rows(report, ("cluster2", FindingKind.Precondition, "ConfigMap bar/istio-ca-root-cert"));
        Assert.Contains("CN=Self Signed istiod", report.Findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RootExpiringWithinTheWindowIsAnExpiryFindingPerCluster()
    {
        var mesh = LiveMesh.Dev();
        var soon = LiveMesh.RootPem(LiveMesh.Now.AddYears(-1), LiveMesh.Now.AddDays(10), "Expiring Root");
        foreach (var cluster in new[] { "cluster1", "cluster2" })
        {
            foreach (var map in mesh.Objects[cluster].Where(d => LiveMesh.Name(d) == "istio-ca-root-cert").ToList())
            {
                mesh.Edit(cluster, "ConfigMap", LiveMesh.Namespace(map), "istio-ca-root-cert", c => LiveMesh.Set(c, soon, "data", "root-cert.pem"));
            }
        }

        var report = mesh.Examine();
        DoctorAssert.Rows(report, ("cluster1", FindingKind.Expiry, "ConfigMap default/istio-ca-root-cert"), ("cluster2", FindingKind.Expiry, "ConfigMap bar/istio-ca-root-cert"));
        Assert.Contains("expires on 2026-12-11 00:00 UTC, in 10 days", report.Findings[0].Message, StringComparison.Ordinal);
        Assert.Empty(mesh.Examine(new DoctorOptions(LiveMesh.Now) { ExpiryWindow = TimeSpan.FromDays(7) }).Findings);
    }

    [Fact]
    public void CacertsIsReportedNotCheckedWhenTheDoctorRoleCannotReadIt()
    {
        var report = LiveMesh.Dev().Examine();
        Assert.Contains(report.Checked.NotChecked, n => n.StartsWith("cluster1: Secret istio-system/cacerts not read", StringComparison.Ordinal));
    }
}
