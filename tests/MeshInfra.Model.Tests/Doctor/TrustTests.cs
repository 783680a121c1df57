using MeshInfra.Model.Doctor;

namespace MeshInfra.Model.Tests.Doctor;

/// <summary>cacerts when the identity running doctor may read it: one shared root, chains, expiry.</summary>
public sealed class TrustTests
{
    private static LiveMesh WithCacerts(Func<string, (string Intermediate, string Root)>? per = null)
    {
        var mesh = LiveMesh.Dev();
        foreach (var cluster in new[] { "cluster1", "cluster2" })
        {
            var (intermediate, root) = per?.Invoke(cluster) ?? (LiveMesh.Root.Intermediate($"{cluster} intermediate", LiveMesh.Now.AddDays(-10), LiveMesh.Now.AddYears(1)), LiveMesh.Root.Pem);
            mesh.Add(cluster, TestCa.Cacerts(intermediate, root));
        }

        return mesh;
    }

    [Fact]
    public void CacertsChainingToTheSharedRootGiveNoFindingAndAreChecked()
    {
        var report = WithCacerts().Examine();
        Assert.Empty(report.Findings);
        Assert.DoesNotContain(report.Checked.NotChecked, n => n.Contains("cacerts", StringComparison.Ordinal));
    }

    [Fact]
    public void IntermediateNotSignedByItsRootIsAPrecondition()
    {
        var stranger = new TestCa("Stranger Root", LiveMesh.Now.AddYears(-1), LiveMesh.Now.AddYears(5));
        var report = WithCacerts(c => c == "cluster2"
            ? (stranger.Intermediate("cluster2 intermediate", LiveMesh.Now.AddDays(-10), LiveMesh.Now.AddYears(1)), LiveMesh.Root.Pem)
            : (LiveMesh.Root.Intermediate("cluster1 intermediate", LiveMesh.Now.AddDays(-10), LiveMesh.Now.AddYears(1)), LiveMesh.Root.Pem)).Examine();
        DoctorAssert.Rows(report, ("cluster2", FindingKind.Precondition, "Secret istio-system/cacerts"));
        Assert.Contains("does not chain to its root-cert.pem", report.Findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("keycertbundle.go, Verify", report.Findings[0].Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void ClusterWithItsOwnRootIsAPrecondition()
    {
        var other = new TestCa("Other Root", LiveMesh.Now.AddYears(-1), LiveMesh.Now.AddYears(5));
        var report = WithCacerts(c => c == "cluster2"
            ? (other.Intermediate("cluster2 intermediate", LiveMesh.Now.AddDays(-10), LiveMesh.Now.AddYears(1)), other.Pem)
            : (LiveMesh.Root.Intermediate("cluster1 intermediate", LiveMesh.Now.AddDays(-10), LiveMesh.Now.AddYears(1)), LiveMesh.Root.Pem)).Examine();
        DoctorAssert.Rows(report, ("cluster2", FindingKind.Precondition, "Secret istio-system/cacerts"));
        Assert.Contains("CN=Other Root", report.Findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IntermediateExpiringWithinTheWindowIsAnExpiry()
    {
        var report = WithCacerts(c => (LiveMesh.Root.Intermediate($"{c} intermediate", LiveMesh.Now.AddYears(-1), c == "cluster1" ? LiveMesh.Now.AddDays(20) : LiveMesh.Now.AddYears(1)), LiveMesh.Root.Pem)).Examine();
        DoctorAssert.Rows(report, ("cluster1", FindingKind.Expiry, "Secret istio-system/cacerts"));
        Assert.Contains("intermediate CA certificate (ca-cert.pem)", report.Findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("intermediateGeneration", report.Findings[0].Fix, StringComparison.Ordinal);
    }
}
