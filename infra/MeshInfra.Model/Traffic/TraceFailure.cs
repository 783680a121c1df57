namespace MeshInfra.Model.Traffic;

/// <summary>Where a share of requests stops, and why, naming the hop and the object that decided it.</summary>
public sealed record TraceFailure(string Step, string Reason, double Share, ObjectRef? At)
{
    public override string ToString() => $"{Step}: {Reason}" + (At is null ? "" : $" [{At}]");
}
