namespace MeshInfra.Model.Traffic;

/// <summary>One step of a trace: what happened and the object that decided it. Depth nests weighted branches.</summary>
public sealed record TraceHop(int Depth, string Step, string Detail, ObjectRef? DecidedBy);
