using MeshInfra.Model.Doctor;

namespace MeshInfra.Model.Tests.Doctor;

internal static class DoctorAssert
{
    /// <summary>The findings as (cluster, kind, object) rows, printed whole when a test fails.</summary>
    public static void Rows(DoctorReport report, params (string Cluster, FindingKind Kind, string Object)[] expected)
    {
        var actual = report.Findings.Select(f => (f.Cluster, f.Kind, f.Object)).Distinct().ToList();
        Assert.True(
            expected.OrderBy(e => e.ToString(), StringComparer.Ordinal).SequenceEqual(actual.OrderBy(a => a.ToString(), StringComparer.Ordinal)),
            "findings were:\n" + string.Join("\n", report.Findings.Select(f => $"{f.Cluster} {f.Kind} {f.Object}: {f.Message} [{f.Rule}]")));
    }

    /// <summary>The one finding of a kind on an object; its rule must cite the source file named.</summary>
    public static DoctorFinding Single(DoctorReport report, FindingKind kind, string obj, string ruleCites)
    {
        var found = report.Findings.Where(f => f.Kind == kind && f.Object == obj).ToList();
        Assert.True(found.Count == 1, $"expected one {kind} finding on {obj}; findings were:\n" + string.Join("\n", report.Findings.Select(f => $"{f.Cluster} {f.Kind} {f.Object}: {f.Message}")));
        Assert.Contains(ruleCites, found[0].Rule, StringComparison.Ordinal);
        return found[0];
    }
}
