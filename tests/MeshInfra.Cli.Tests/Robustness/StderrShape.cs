using System.Text.RegularExpressions;

namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>
/// What the CLI's stderr must look like on bad input (exit 2): at least one line, and every line names
/// the stack file and then a YAML position (<c>file:line:col: ...</c>) or a config key (<c>file: mesh.x: ...</c>,
/// <c>file: ... mesh-infra:mesh</c>), on one plain line, with no stack trace.
/// </summary>
internal static partial class StderrShape
{
    public const int MaxLineLength = 2048;

    /// <summary>Problems of the file as a whole, which have no key or position to name.</summary>
    private static readonly string[] WholeFile = [": is empty;", ": has no config: section;"];

    public static IEnumerable<string> Problems(string file, string content, string stderr)
    {
        if (stderr.Contains("   at ", StringComparison.Ordinal) || stderr.Contains("Exception", StringComparison.Ordinal))
        {
            yield return "stderr shows a stack trace or an exception";
        }

        var lines = stderr.EndsWith('\n') ? stderr[..^1].Split('\n') : stderr.Split('\n');
        if (stderr.Length == 0)
        {
            yield return "stderr is empty";
            yield break;
        }

        // YAML also breaks lines at a lone CR (and YamlDotNet, like YAML 1.1, at NEL and the Unicode separators).
        var fileLines = content.ReplaceLineEndings("\n").Split('\n').Length;
        foreach (var line in lines)
        {
            if (!line.StartsWith(file + ":", StringComparison.Ordinal))
            {
                yield return $"a line does not start with the file name: {Clip(line)}";
                continue;
            }

            var rest = line[file.Length..];
            if (Position().Match(rest) is { Success: true } position)
            {
                if (int.Parse(position.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) > fileLines + 1)
                {
                    yield return $"a line points past the end of the file: {Clip(line)}";
                }
            }
            else if (!Key().IsMatch(rest) && !rest.Contains("mesh-infra:", StringComparison.Ordinal) && !WholeFile.Any(w => rest.StartsWith(w, StringComparison.Ordinal)))
            {
                yield return $"a line names neither a YAML position nor a key: {Clip(line)}";
            }

            if (line.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
            {
                yield return $"a line holds a control character or line separator: {Clip(line)}";
            }

            if (line.Length > MaxLineLength)
            {
                yield return $"a line is {line.Length} characters long: {Clip(line)}";
            }
        }
    }

    private static string Clip(string line) =>
        string.Concat(line.Take(300).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) + (line.Length > 300 ? "..." : "");

    [GeneratedRegex(@"^:(?<line>\d+):(?<column>\d+): \S")]
    private static partial Regex Position();

    [GeneratedRegex(@"^: mesh(\.|\[|:)")]
    private static partial Regex Key();
}
