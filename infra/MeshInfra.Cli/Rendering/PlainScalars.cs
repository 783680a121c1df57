namespace MeshInfra.Cli.Rendering;

/// <summary>
/// Which strings must not be written as plain YAML scalars because a reader would take them for
/// something else. Kubernetes and Helm read YAML 1.1 (sigs.k8s.io/yaml), where <c>yes</c>, <c>on</c>
/// and <c>n</c> are booleans; other tools read YAML 1.2. A string is quoted when either would turn it
/// into a null, a boolean or a number, so <c>"true"</c>, <c>"1.30.3"</c> and <c>"8000"</c> stay text.
/// </summary>
public static class PlainScalars
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "", "~", "null", "Null", "NULL",
        "true", "True", "TRUE", "false", "False", "FALSE",
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "on", "On", "ON", "off", "Off", "OFF",
        ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
        ".nan", ".NaN", ".NAN",
        // YAML 1.1's merge key and value key: harmless as values, but no reader should have to decide.
        "<<", "=",
    };

    /// <summary>
    /// True where a single-line string must be double-quoted: it would change type, or it has a tab or
    /// other control character, or blanks at either end, which YamlDotNet's emitter would otherwise
    /// write plain and a parser would then read differently (a tab followed by '*' reads as an alias).
    /// </summary>
    public static bool MustQuote(string text) =>
        WouldChangeType(text) || HasControlCharacter(text) || text[0] == ' ' || text[^1] == ' ';

    // A loop rather than text.Any(...), which boxes an enumerator for every scalar of every render.
    private static bool HasControlCharacter(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    public static bool WouldChangeType(string text)
    {
        if (Words.Contains(text))
        {
            return true;
        }

        // Every YAML number and timestamp (ints, floats, 0x/0o/0b, 1_000, 1:30 sexagesimal, 2025-01-01)
        // starts with a digit, or a sign or dot followed by one; quoting all of those is simpler than
        // matching each schema's regexes and errs on the side of text.
        var i = text[0] is '+' or '-' ? 1 : 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
        }

        return i < text.Length && char.IsAsciiDigit(text[i]);
    }
}
