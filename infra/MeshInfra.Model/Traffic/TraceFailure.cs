namespace MeshInfra.Model.Traffic;

/// <summary>
/// Where a share of requests stops, and why: the hop, the kind (what tools and tests check), the
/// reason in words (from <see cref="FailureMessages"/>, free to change), and the object that decided it.
/// </summary>
public sealed record TraceFailure(FailureKind Kind, string Step, string Reason, double Share, ObjectRef? At)
{
    public override string ToString() => $"{Step}: {Reason}" + (At is null ? "" : $" [{At}]");
}
