namespace MeshInfra.Model.Doctor;

/// <summary>
/// A part of a check that did not run on one cluster because a kind it needs was not read there
/// (refused, or its CRD not installed): checking it against an empty list would report what is
/// only unread as missing. The read's own <c>unreachable</c> finding names the verb and resource.
/// </summary>
/// <param name="Cluster">The stack cluster.</param>
/// <param name="Check">The check: drift, shadowed, precondition, traffic, expiry.</param>
/// <param name="What">What it did not look at, for people.</param>
/// <param name="Kind">The kind not read.</param>
/// <param name="Reason">Why it was not read.</param>
public sealed record DoctorSkip(string Cluster, string Check, string What, string Kind, string Reason)
{
    public override string ToString() => $"{Cluster}: {Check}: {What} not checked: {Kind} not read ({Reason})";
}
