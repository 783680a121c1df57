using System.Collections.Immutable;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// Doctor's answer: every finding (sorted by cluster, kind, object, message, so the same state
/// prints the same report) and what was checked, with what could not be and why.
/// </summary>
public sealed record DoctorReport(ImmutableArray<DoctorFinding> Findings, DoctorChecked Checked)
{
    /// <summary>True when every check that ran holds (the CLI exits 0).</summary>
    public bool Healthy => Findings.IsEmpty;
}
