using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>The outcome of one traced request: its hops, the pods reached with their shares, and failures.</summary>
public sealed record TraceResult(TraceRequest Request, ImmutableArray<TraceHop> Hops, ImmutableArray<Arrival> Arrivals, ImmutableArray<TraceFailure> Failures)
{
    public bool Succeeded => Failures.IsEmpty && !Arrivals.IsEmpty;

    /// <summary>The share of traffic per (cluster, version) reached, in a stable order.</summary>
    public ImmutableArray<(string Cluster, string? Version, double Share)> Shares =>
    [
        .. Arrivals.GroupBy(a => (a.Workload.Cluster, a.Workload.Version))
            .Select(g => (g.Key.Cluster, g.Key.Version, g.Sum(a => a.Share)))
            .OrderBy(s => s.Cluster, StringComparer.Ordinal).ThenBy(s => s.Version, StringComparer.Ordinal),
    ];
}
