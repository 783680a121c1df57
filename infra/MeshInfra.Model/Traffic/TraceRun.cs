namespace MeshInfra.Model.Traffic;

/// <summary>What one trace collects as it goes. Hop texts are built only when a person will read them.</summary>
internal sealed class TraceRun(bool explain)
{
    public List<TraceHop> Hops { get; } = [];

    public List<Arrival> Arrivals { get; } = [];

    public List<TraceFailure> Failures { get; } = [];

    public bool Explain => explain;

    public void Hop(int depth, string step, Func<string> detail, ObjectRef? decidedBy = null)
    {
        if (explain)
        {
            Hops.Add(new TraceHop(depth, step, detail(), decidedBy));
        }
    }

    public void Fail(int depth, string step, string reason, double share, ObjectRef? at = null)
    {
        Failures.Add(new TraceFailure(step, reason, share, at));
        if (explain)
        {
            Hops.Add(new TraceHop(depth, "FAIL " + step, reason, at));
        }
    }
}
