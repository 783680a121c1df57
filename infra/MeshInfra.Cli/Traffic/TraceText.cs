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
            output.WriteLine($"  reaches    {result.SharesText}");
        }

        foreach (var failure in result.Failures.DistinctBy(f => f.ToString()))
        {
            output.WriteLine($"  FAILS      {failure}");
        }
    }
}
