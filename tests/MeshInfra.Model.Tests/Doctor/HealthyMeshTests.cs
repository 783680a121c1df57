namespace MeshInfra.Model.Tests.Doctor;

/// <summary>Doctor over a live mesh that holds exactly what the dev stack plans and assumes.</summary>
public sealed class HealthyMeshTests
{
    [Fact]
    public void HealthyDevMeshGivesNoFinding()
    {
        var report = LiveMesh.Dev().Examine();
        Assert.True(report.Findings.IsEmpty, string.Join("\n", report.Findings));
        Assert.True(report.Checked.Counts["traffic"] > 0);
        Assert.True(report.Checked.Counts["drift"] > 0);
    }
}
