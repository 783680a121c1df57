using MeshInfra.Model.Traffic;

namespace MeshInfra.Cli.Traffic;

/// <summary>How trace and verify print a traced request for a person.</summary>
public static class TraceText
{
    public static void Write(TraceResult result, TextWriter output)
    {
        output.WriteLine($"trace {result.Request}");
        foreach (var hop in result.Hops)
        {
            var by = hop.DecidedBy is null ? "" : $"  [{hop.DecidedBy}]";
            output.WriteLine($"{new string(' ', 2 + (2 * hop.Depth))}{hop.Step,-11} {hop.Detail}{by}");
        }

        if (!result.Arrivals.IsEmpty)
        {
            var shares = result.Shares.Select(s => $"{s.Cluster}{(s.Version is null ? "" : " " + s.Version)} {Percent(s.Share)}");
            output.WriteLine($"  reaches    {string.Join(", ", shares)}");
        }

        foreach (var failure in result.Failures.DistinctBy(f => f.ToString()))
        {
            output.WriteLine($"  FAILS      {failure}");
        }
    }

    public static string Percent(double share) => (share * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
