namespace MeshInfra.Model.Traffic;

/// <summary>
/// What one trace collects as it goes. Callers build hop texts only when <see cref="Explain"/> is
/// set: `verify` traces some hundred thousand requests and reads only their outcome.
/// </summary>
internal sealed class TraceRun(bool explain)
{
    public List<TraceHop> Hops { get; } = [];

    public List<Arrival> Arrivals { get; } = [];

    public List<TraceFailure> Failures { get; } = [];

    public bool Explain => explain;

    /// <summary>The request's path and method, as a server's authorization policies read them (the request's own: no default here).</summary>
    public required string Path { get; init; }

    public required string Method { get; init; }

    /// <summary>The client's cluster and what its proxy trusts, for the TLS hop at the server.</summary>
    public ClusterView? Client { get; set; }

    /// <summary>The workload whose proxy opens the last connection (the client, or the ingress gateway it entered): its identity is the peer the server's sidecar sees.</summary>
    public Workload? Sender { get; set; }

    /// <summary>The retry policy of the HTTP route the request took (Istio's default until a VirtualService rule says otherwise).</summary>
    public RouteRetry Retry { get; set; } = RouteRetry.IstioDefault;

    /// <summary>The share of the request that fails in the time after a gateway goes down and before outlier detection ejects it.</summary>
    public double FailingBeforeEjection { get; set; }

    /// <summary>How many destinations that route has (a consistent hash applies to a single one).</summary>
    public int RouteDestinations { get; set; } = 1;

    public void Hop(int depth, string step, string detail, ObjectRef? decidedBy = null) =>
        Hops.Add(new TraceHop(depth, step, detail, decidedBy));

    public void Fail(int depth, string step, FailureReason reason, double share, ObjectRef? at = null)
    {
        Failures.Add(new TraceFailure(reason.Kind, step, reason.Text, share, at));
        if (explain)
        {
            Hops.Add(new TraceHop(depth, "FAIL " + step, reason.Text, at));
        }
    }
}
