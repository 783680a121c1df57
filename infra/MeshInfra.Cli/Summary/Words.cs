using System.Globalization;

namespace MeshInfra.Cli.Summary;

/// <summary>Small wording helpers shared by the summaries.</summary>
public static class Words
{
    /// <summary><c>1 route</c>, <c>2 routes</c>.</summary>
    public static string Count(int count, string singular, string? plural = null) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");

    public static string List(IEnumerable<string> items, string none = "-")
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? none : text;
    }
}
