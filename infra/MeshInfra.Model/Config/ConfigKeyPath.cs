namespace MeshInfra.Model.Config;

/// <summary>
/// How config keys are spelled in error paths (<c>mesh.clusters[1].network</c>, <c>mesh.labels["a/b"]</c>).
/// Public so the CLI, which records YAML positions under these paths, spells them the same way.
/// </summary>
public static class ConfigKeyPath
{
    /// <summary>Simple keys join with a dot; others are quoted and clipped to one short line, so a path never breaks a message.</summary>
    public static string Join(string path, string key) =>
        key.Length is > 0 and <= 64 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? $"{path}.{key}"
            : $"{path}[\"{Clip(key).Replace("\"", "\\\"", StringComparison.Ordinal)}\"]";

    /// <summary>Long or odd values are shortened, and control characters and line separators become spaces, so one error stays one readable line.</summary>
    public static string Clip(string text)
    {
        var oneLine = OneLine(text);
        return oneLine.Length <= 64 ? oneLine : oneLine[..61] + "...";
    }

    public static string OneLine(string text) =>
        text.Any(IsUnprintable) ? new string(text.Select(c => IsUnprintable(c) ? ' ' : c).ToArray()) : text;

    private static bool IsUnprintable(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
