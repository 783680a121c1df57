using System.Collections.Immutable;
using System.Globalization;

namespace MeshInfra.Model.Traffic;

/// <summary>The outcome of one traced request: its hops, the pods reached with their shares, and failures.</summary>
public sealed record TraceResult(TraceRequest Request, ImmutableArray<TraceHop> Hops, ImmutableArray<Arrival> Arrivals, ImmutableArray<TraceFailure> Failures)
{
    public bool Succeeded => Failures.IsEmpty && !Arrivals.IsEmpty;

    /// <summary>
    /// The share that fails after a down gateway goes down and before outlier detection ejects it (<c>--down</c>):
    /// first attempts that dial it and the retries that pick it again, or all of them where retries are off.
    /// </summary>
    public double FailingBeforeEjection { get; init; }

    /// <summary>The share of traffic per (cluster, version) reached, in a stable order.</summary>
    public ImmutableArray<(string Cluster, string? Version, double Share)> Shares =>
    [
        .. Arrivals.GroupBy(a => (a.Workload.Cluster, a.Workload.Version))
            .Select(g => (g.Key.Cluster, g.Key.Version, g.Sum(a => a.Share)))
            .OrderBy(s => s.Cluster, StringComparer.Ordinal).ThenBy(s => s.Version, StringComparer.Ordinal),
    ];

    /// <summary>The shares as people read them: <c>cluster2 v2 50%, cluster2 v3 50%</c>.</summary>
    public string SharesText => string.Join(", ", Shares.Select(s => $"{s.Cluster}{(s.Version is null ? "" : " " + s.Version)} {Percent(s.Share)}"));

    /// <summary>A share (0 to 1) as a percentage with at most two decimals.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
