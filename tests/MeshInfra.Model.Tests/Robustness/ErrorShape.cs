using MeshInfra.Model.Config;

namespace MeshInfra.Model.Tests.Robustness;

/// <summary>
/// What every config error must look like whatever the input: a key path under <c>mesh</c> and a
/// message, together one readable line of bounded length, because the CLI prints one error per line
/// as <c>file:line:col: path: message</c> and CI logs and terminals show it as is.
/// </summary>
internal static class ErrorShape
{
    /// <summary>Room for the longest fixed message and a few clipped values, far below a pasted blob.</summary>
    public const int MaxLength = 1024;

    public static IEnumerable<string> Problems(ConfigError error)
    {
        if (error.Path != "mesh" && !error.Path.StartsWith("mesh.", StringComparison.Ordinal) && !error.Path.StartsWith("mesh[", StringComparison.Ordinal))
        {
            yield return "the path does not start with 'mesh'";
        }

        if (string.IsNullOrWhiteSpace(error.Message))
        {
            yield return "the message is empty";
        }

        var line = error.ToString();
        if (line.Length > MaxLength)
        {
            yield return $"the error is {line.Length} characters long (at most {MaxLength})";
        }

        if (FirstUnprintable(line) is { } at)
        {
            yield return $"the error has U+{(int)line[at]:X4} at {at}, so it is not one plain line";
        }
    }

    /// <summary>
    /// Control characters (line feeds, NUL, escapes a terminal would obey) and the line and paragraph
    /// separators that .NET's own <see cref="string.ReplaceLineEndings()"/> counts as line breaks.
    /// </summary>
    public static int? FirstUnprintable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]) || text[i] is '\u2028' or '\u2029')
            {
                return i;
            }
        }

        return null;
    }
}
