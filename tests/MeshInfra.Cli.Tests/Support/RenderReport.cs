using System.Globalization;
using System.Text.RegularExpressions;

namespace MeshInfra.Cli.Tests.Support;

/// <summary>What a render says it wrote: "STACK: rendered to OUT: mesh (1 file), cluster1 (49 files)".</summary>
internal static partial class RenderReport
{
    /// <summary>The files per folder, ordered by folder.</summary>
    public static IReadOnlyList<(string Folder, int Files)> Files(string stdout)
    {
        var line = stdout.Split('\n').Single(l => l.Contains(": rendered to ", StringComparison.Ordinal));
        return [.. Folder().Matches(line).Select(m => (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).Order()];
    }

    [GeneratedRegex(@"(?:: |, )([A-Za-z0-9._-]+) \((\d+) files?\)")]
    private static partial Regex Folder();
}
