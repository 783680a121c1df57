using System.Text.RegularExpressions;

namespace MeshInfra.Cli.Tests.Support;

/// <summary>Reads `meshinfra plan` output: a titled section's rows, and a row's columns.</summary>
internal static class PlanText
{
    public static string[] Section(string plan, string title)
    {
        var lines = plan.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith(title, StringComparison.Ordinal));
        Assert.True(start >= 0, $"No section '{title}' in:\n{plan}");
        return lines.Skip(start + 1).TakeWhile(l => l.Length > 0).ToArray();
    }

    public static string[] Columns(string row) => Regex.Split(row.Trim(), @"\s{2,}");
}
