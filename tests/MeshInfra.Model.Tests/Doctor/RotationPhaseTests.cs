using System.Text.Json.Nodes;
using MeshInfra.Model.Doctor;
using MeshInfra.Model.Tests.Robustness;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Doctor;

/// <summary>
/// doctor confirms a root rotation's phase is complete before the next: every cacerts holds the roots the
/// phase trusts and chains as it says, every namespace's istio-ca-root-cert holds those roots, and what
/// it cannot read (the workloads' own certificates) is named with how long to wait.
/// </summary>
public sealed class RotationPhaseTests
{
    private static readonly TestCa NewRoot = new("MeshInfra Test Root 2", LiveMesh.Now.AddDays(-1), LiveMesh.Now.AddYears(10));

    private static readonly string Both = LiveMesh.Root.Pem + NewRoot.Pem;

    private static LiveMesh Rotating(string phase, string from, string[]? switched = null)
    {
        var node = JsonNode.Parse(RepoStackConfigs.Dev)!.AsObject();
        var rotation = new JsonObject { ["phase"] = phase, ["from"] = from };
        if (switched is not null)
        {
            rotation["switched"] = new JsonArray([.. switched.Select(s => (JsonNode)JsonValue.Create(s)!)]);
        }

        node["trust"]!["rotation"] = rotation;
        return LiveMesh.For(Configs.Plan(node.ToJsonString()));
    }

    /// <summary>Every namespace's istio-ca-root-cert in a cluster, as istiod would write it from <paramref name="roots"/>.</summary>
    private static void RootConfigMaps(LiveMesh mesh, string cluster, string roots)
    {
        var list = mesh.Objects[cluster];
        for (var i = 0; i < list.Count; i++)
        {
            if (LiveMesh.Kind(list[i]) == "ConfigMap" && LiveMesh.Name(list[i]) == "istio-ca-root-cert")
            {
                list[i] = LiveMesh.ConfigMap(LiveMesh.Namespace(list[i])!, "istio-ca-root-cert", ("root-cert.pem", roots));
            }
        }
    }

    private static void Cacerts(LiveMesh mesh, string cluster, TestCa signer, string roots) =>
        mesh.Add(cluster, TestCa.Cacerts(signer.Intermediate($"{cluster} intermediate", LiveMesh.Now.AddDays(-1), LiveMesh.Now.AddYears(1)), roots));

    [Fact]
    public void ACompleteTrustBothPhaseHasNoFindingAndSaysHowLongToWait()
    {
        var mesh = Rotating("trustBoth", "none");
        foreach (var cluster in new[] { "cluster1", "cluster2" })
        {
            RootConfigMaps(mesh, cluster, Both);
            Cacerts(mesh, cluster, LiveMesh.Root, Both);
        }

        var report = mesh.Examine();
        Assert.Empty(report.Findings);
        Assert.True(report.Checked.Counts["rotation"] > 2);
        Assert.Contains(report.Checked.NotChecked, n => n.StartsWith("which root each workload's certificate chains to lives in its proxy and is not read: wait 24 h after phase trustBoth was deployed", StringComparison.Ordinal));
    }

    [Fact]
    public void NamespacesStillHoldingOnlyTheOldRootMeanIstiodHasNotTakenThePhase()
    {
        var mesh = Rotating("trustBoth", "none");
        Cacerts(mesh, "cluster1", LiveMesh.Root, Both);
        Cacerts(mesh, "cluster2", LiveMesh.Root, Both);
        RootConfigMaps(mesh, "cluster1", Both);

        var report = mesh.Examine();
        var stale = report.Findings.Where(f => f.Message.Contains("where phase trustBoth trusts 2 roots", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(stale);
        Assert.All(stale, f => Assert.Equal("cluster2", f.Cluster));
        Assert.All(stale, f => Assert.StartsWith("ConfigMap ", f.Object, StringComparison.Ordinal));
        Assert.Contains("holds 1 root where phase trustBoth trusts 2 roots (mesh:ca/root + mesh:ca/root-g2) as cacerts root-cert.pem does", stale[0].Message, StringComparison.Ordinal);
        Assert.Contains("ISTIO_MULTIROOT_MESH", stale[0].Fix, StringComparison.Ordinal);
        Assert.Contains("istio_ca.go, handleEvent", stale[0].Rule, StringComparison.Ordinal);
        // The phase check names these ConfigMaps; the shared-root check does not name them again.
        Assert.DoesNotContain(report.Findings, f => f.Rule == DoctorRules.SharedRoot);
    }

    [Fact]
    public void ASwitchedClusterWhoseIntermediateStillChainsToTheOldRootIsNamed()
    {
        var mesh = Rotating("switch", "trustBoth", ["cluster1"]);
        foreach (var cluster in new[] { "cluster1", "cluster2" })
        {
            RootConfigMaps(mesh, cluster, Both);
        }

        Cacerts(mesh, "cluster1", LiveMesh.Root, Both);
        Cacerts(mesh, "cluster2", LiveMesh.Root, Both);

        var report = mesh.Examine();
        var finding = DoctorAssert.Single(report, FindingKind.Precondition, "Secret istio-system/cacerts", "namespacecontroller.go");
        Assert.Equal("cluster1", finding.Cluster);
        Assert.Equal("ca-cert.pem (CN=cluster1 intermediate, O=mesh1) does not chain to the new root mesh:ca/root-g2 (CN=MeshInfra Test Root 2, O=mesh1) that phase switch names for cluster1: the intermediate of another phase is deployed", finding.Message);

        var switched = Rotating("switch", "trustBoth", ["cluster1"]);
        foreach (var cluster in new[] { "cluster1", "cluster2" })
        {
            RootConfigMaps(switched, cluster, Both);
        }

        Cacerts(switched, "cluster1", NewRoot, Both);
        Cacerts(switched, "cluster2", LiveMesh.Root, Both);
        Assert.Empty(switched.Examine().Findings);
    }

    [Fact]
    public void DropOldWithTheOldRootStillInCacertsIsNotComplete()
    {
        var mesh = Rotating("dropOld", "switch", ["cluster1", "cluster2"]);
        foreach (var cluster in new[] { "cluster1", "cluster2" })
        {
            RootConfigMaps(mesh, cluster, NewRoot.Pem);
            Cacerts(mesh, cluster, NewRoot, cluster == "cluster2" ? Both : NewRoot.Pem);
        }

        var report = mesh.Examine();
        Assert.Contains(report.Findings, f => f.Cluster == "cluster2" && f.Object == "Secret istio-system/cacerts" && f.Message == "root-cert.pem holds 2 roots where phase dropOld trusts 1 root (mesh:ca/root-g2): phase dropOld is not deployed here");
        Assert.DoesNotContain(report.Findings, f => f.Cluster == "cluster1" && f.Message.Contains("phase dropOld", StringComparison.Ordinal));
    }

    [Fact]
    public void OutsideARotationThePhaseCheckDoesNotRun()
    {
        var report = LiveMesh.Dev().Examine();
        Assert.False(report.Checked.Counts.ContainsKey("rotation"));
    }
}
