using System.Text.Json;

namespace MeshInfra.Model.Config;

/// <summary>
/// The checks that keep config text data: whether a value may reach a script, comment or terminal, and
/// whether a parsed document can be read as text at all. Static, so parsers of other files (the federated
/// config) apply the same rule without a reader of their own.
/// </summary>
internal static class ConfigTextSafety
{
    /// <summary>
    /// Why a config text cannot be taken as data, or null: a control character (C0, DEL, C1: a line break
    /// would end a shell word or comment, an escape would restyle a terminal) or a bidirectional
    /// override (it makes a terminal show other text than the one that runs). Only an inline
    /// kubeconfig may hold line breaks and tabs.
    /// </summary>
    public static string? ControlProblem(string text, bool allowLineBreaks = false)
    {
        foreach (var c in text)
        {
            if (allowLineBreaks && c is '\n' or '\r' or '\t')
            {
                continue;
            }

            if (char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F')
            {
                return $"holds the character U+{(int)c:X4}, which no value here may hold (config is data that reaches scripts, comments and terminals); remove it";
            }
        }

        return null;
    }

    /// <summary>
    /// Where a string or key of <paramref name="root"/> cannot be read as text at all (JSON escapes can spell
    /// a lone UTF-16 surrogate, and <see cref="JsonElement.GetString"/> throws on it), or null. Iterative,
    /// so no nesting depth a JSON reader allows can exhaust the stack.
    /// </summary>
    public static string? FindUndecodable(JsonElement root, string rootPath)
    {
        var pending = new Stack<(JsonElement Element, string Path)>();
        pending.Push((root, rootPath));
        while (pending.TryPop(out var next))
        {
            try
            {
                switch (next.Element.ValueKind)
                {
                    case JsonValueKind.String:
                        _ = next.Element.GetString();
                        break;
                    case JsonValueKind.Array:
                        var index = 0;
                        foreach (var item in next.Element.EnumerateArray())
                        {
                            pending.Push((item, $"{next.Path}[{index++}]"));
                        }

                        break;
                    case JsonValueKind.Object:
                        foreach (var property in next.Element.EnumerateObject())
                        {
                            pending.Push((property.Value, ConfigKeyPath.Join(next.Path, property.Name)));
                        }

                        break;
                }
            }
            catch (InvalidOperationException)
            {
                return next.Path;
            }
        }

        return null;
    }
}
