using System.Text.Json;

namespace MeshInfra.Live.Tests.Support;

/// <summary>A doctor --format json answer, read back.</summary>
public sealed record Report(int ExitCode, IReadOnlyList<Finding> Findings, string Raw)
{
    public static Report Of(CliResult result)
    {
        if (result.Stdout.Length == 0)
        {
            return new Report(result.ExitCode, [], result.ToString());
        }

        using var doc = JsonDocument.Parse(result.Stdout);
        var findings = doc.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => new Finding(
                f.GetProperty("cluster").GetString()!,
                f.GetProperty("kind").GetString()!,
                f.GetProperty("object").GetString()!,
                f.GetProperty("message").GetString()!,
                f.GetProperty("rule").GetString()!,
                f.GetProperty("fix").GetString()!))
            .ToList();
        return new Report(result.ExitCode, findings, result.ToString());
    }

    /// <summary>The only finding; fails with the whole report when there are more or none.</summary>
    public Finding Single()
    {
        Assert.True(ExitCode == 2 && Findings.Count == 1, $"expected exactly one finding and exit 2:\n{Raw}");
        return Findings[0];
    }
}
