using MeshInfra.Model.Doctor;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Tests.Doctor;

/// <summary>Drift: planned objects missing or changed, left-over objects, moved gateways, the CoreDNS block.</summary>
public sealed class DriftTests
{
    [Fact]
    public void FieldsTheApiServerAddsAreNotDrift()
    {
        var mesh = LiveMesh.Dev();
        mesh.Edit("cluster2", "Service", "istio-eastwest", "istio-eastwestgateway", s => LiveMesh.Set(LiveMesh.Set(s, "10.96.0.17", "spec", "clusterIP"), ListNode.Of(MapNode.Of(("manager", "pulumi"))), "metadata", "managedFields"));
        mesh.Edit("cluster1", "DestinationRule", "istio-system", "httpbin.bar.global", d => LiveMesh.Set(d, 3, "metadata", "generation"));
        Assert.Empty(mesh.Examine().Findings);
    }

    [Fact]
    public void MissingPlannedObjectIsDrift()
    {
        var mesh = LiveMesh.Dev();
        mesh.Remove("cluster1", "ServiceEntry", "istio-system", "httpbin.bar.global");
        var report = mesh.Examine();
        var finding = DoctorAssert.Single(report, FindingKind.Drift, "ServiceEntry istio-system/httpbin.bar.global", "plan");
        Assert.Equal("cluster1", finding.Cluster);
        Assert.Equal("ServiceEntry istio-system/httpbin.bar.global is missing; MeshInfra's plan has it", finding.Message);
        Assert.All(report.Findings, f => Assert.Contains(f.Kind, new[] { FindingKind.Drift, FindingKind.Traffic }));
    }

    [Fact]
    public void ChangedFieldIsDriftNamingThePath()
    {
        var mesh = LiveMesh.Dev();
        mesh.Edit("cluster1", "DestinationRule", "istio-system", "httpbin.bar.global", d => LiveMesh.Set(d, "DISABLE", "spec", "trafficPolicy", "tls", "mode"));
        var finding = DoctorAssert.Single(mesh.Examine(), FindingKind.Drift, "DestinationRule istio-system/httpbin.bar.global", "plan");
        Assert.Contains("spec.trafficPolicy.tls.mode is DISABLE, the plan sets ISTIO_MUTUAL", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MovedGatewayAddressIsDriftInEveryClusterThatDialsIt()
    {
        var mesh = LiveMesh.Dev();
        mesh.Edit("cluster2", "Service", "istio-eastwest", "istio-eastwestgateway", s => LiveMesh.Set(s, ListNode.Of(MapNode.Of(("ip", "192.0.2.22"))), "status", "loadBalancer", "ingress"));
        var report = mesh.Examine();
        var finding = DoctorAssert.Single(report, FindingKind.Drift, "ServiceEntry istio-system/httpbin.bar.global", "conversion.go");
        Assert.Equal("cluster1", finding.Cluster);
        Assert.Contains("dials cluster2's east-west gateway at 192.0.2.2", finding.Message, StringComparison.Ordinal);
        Assert.Contains("now has address 192.0.2.22", finding.Message, StringComparison.Ordinal);
        Assert.Contains(report.Findings, f => f.Kind == FindingKind.Traffic && f.Message.Contains("httpbin.bar.global", StringComparison.Ordinal));
    }

    [Fact]
    public void LeftOverGlobalHostObjectIsDrift()
    {
        var mesh = LiveMesh.Dev();
        mesh.Add("cluster2", new KubeObject("networking.istio.io/v1", "ServiceEntry", ObjectMeta.Named("old.shop.global", "istio-system"), MapNode.Of(("spec", MapNode.Of(("hosts", ListNode.Of("old.shop.global")))))).ToNode());
        var report = mesh.Examine();
        DoctorAssert.Rows(report, ("cluster2", FindingKind.Drift, "ServiceEntry istio-system/old.shop.global"));
    }

    [Fact]
    public void CorednsBlockEditedAwayIsDrift()
    {
        var mesh = LiveMesh.Dev();
        mesh.Edit("cluster1", "ConfigMap", "kube-system", "coredns", c => LiveMesh.Set(c, ".:53 {\n    forward . /etc/resolv.conf\n}\n", "data", "Corefile"));
        var report = mesh.Examine();
        var finding = DoctorAssert.Single(report, FindingKind.Drift, "ConfigMap kube-system/coredns", "CoreDNS");
        Assert.Equal("cluster1", finding.Cluster);
    }

    [Fact]
    public void CorednsCustomKeyEditedIsDrift()
    {
        var plan = Support.Configs.Plan(Support.Configs.Seed.Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"dns\": \"coredns-custom\",", StringComparison.Ordinal));
        var mesh = LiveMesh.For(plan);
        Assert.Empty(mesh.Examine().Findings);
        mesh.Edit("cluster2", "ConfigMap", "kube-system", "coredns-custom", c => LiveMesh.Set(c, "global:53 {\n    forward . 8.8.8.8\n}\n", "data", "meshinfra-global.server"));
        var report = mesh.Examine();
        var finding = DoctorAssert.Single(report, FindingKind.Drift, "ConfigMap kube-system/coredns-custom", "CoreDNS");
        Assert.Equal("cluster2", finding.Cluster);
        Assert.Contains("key meshinfra-global.server differs", finding.Message, StringComparison.Ordinal);
    }
}
