using System.Collections.Immutable;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// The summary under a report: how many things each check looked at (keyed by check name: drift,
/// shadowed, precondition, traffic, expiry) and what it could not look at, each with the reason
/// (for example the cacerts Secret, which the doctor role deliberately cannot read). The parts of
/// checks skipped because a kind was not read are in <paramref name="Skipped"/>, one per cluster,
/// check and kind, and also among <paramref name="NotChecked"/> as text.
/// </summary>
public sealed record DoctorChecked(ImmutableSortedDictionary<string, int> Counts, ImmutableArray<string> NotChecked, ImmutableArray<DoctorSkip> Skipped);
