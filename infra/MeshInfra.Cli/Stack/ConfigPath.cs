namespace MeshInfra.Cli.Stack;

/// <summary>
/// Key paths in the model's spelling (<c>mesh.clusters[1].network</c>, <c>mesh.labels["a/b"]</c>), so a
/// position recorded while reading YAML can be found again from a <see cref="Model.Config.ConfigError"/>.
/// </summary>
public static class ConfigPath
{
    /// <summary>
    /// The same rule as the model's config reader: simple keys join with a dot, others are quoted and clipped
    /// to one short line, so a path in a message never breaks the line and positions are found for any key.
    /// </summary>
    public static string Join(string path, string key) =>
        key.Length is > 0 and <= 64 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? $"{path}.{key}"
            : $"{path}[\"{Clip(key).Replace("\"", "\\\"", StringComparison.Ordinal)}\"]";

    public static string Index(string path, int index) => $"{path}[{index}]";

    /// <summary>The model's ConfigReader.Clip, which it keeps internal: control characters and line separators become spaces.</summary>
    private static string Clip(string key)
    {
        var oneLine = new string(key.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c).ToArray());
        return oneLine.Length <= 64 ? oneLine : oneLine[..61] + "...";
    }

    /// <summary>The enclosing path (<c>mesh.clusters[1]</c> for <c>mesh.clusters[1].network</c>), or null at the top.</summary>
    public static string? Parent(string path)
    {
        int cut;
        if (path.EndsWith("\"]", StringComparison.Ordinal))
        {
            cut = path.LastIndexOf("[\"", StringComparison.Ordinal);
        }
        else if (path.EndsWith(']'))
        {
            cut = path.LastIndexOf('[');
        }
        else
        {
            cut = path.LastIndexOf('.');
        }

        return cut > 0 ? path[..cut] : null;
    }
}
