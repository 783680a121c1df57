using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace MeshInfra.Model.Tests.Robustness;

/// <summary>
/// A config tree being mutated, plus what a <see cref="JsonNode"/> tree cannot hold: members written a
/// second time under the same key (JSON allows it and System.Text.Json reads it). It writes its own
/// JSON text because the standard writer refuses lone surrogates, which are exactly what a robustness
/// case wants to hand the parser.
/// </summary>
internal sealed class MutableConfig(JsonNode? root)
{
    private readonly Dictionary<JsonObject, List<KeyValuePair<string, JsonNode?>>> repeated = new(ReferenceEqualityComparer.Instance);

    public JsonNode? Root { get; set; } = root;

    /// <summary>Writes <paramref name="key"/> again, after the object's own members, with <paramref name="value"/>.</summary>
    public void Repeat(JsonObject obj, string key, JsonNode? value)
    {
        if (!repeated.TryGetValue(obj, out var extra))
        {
            repeated[obj] = extra = [];
        }

        extra.Add(KeyValuePair.Create(key, value));
    }

    public string ToJson()
    {
        var text = new StringBuilder();
        Write(text, Root);
        return text.ToString();
    }

    private void Write(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in repeated.TryGetValue(obj, out var extra) ? obj.Concat(extra) : obj)
                {
                    text.Append(first ? "" : ",");
                    first = false;
                    WriteString(text, key);
                    text.Append(':');
                    Write(text, value);
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",");
                    Write(text, array[i]);
                }

                text.Append(']');
                break;
            case JsonValue value when value.TryGetValue<string>(out var s):
                WriteString(text, s);
                break;
            default:
                // Numbers (kept as their raw text, so 1e400 survives), booleans.
                text.Append(node.ToJsonString());
                break;
        }
    }

    /// <summary>Everything outside printable ASCII is escaped, one UTF-16 unit at a time, valid pair or not.</summary>
    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                text.Append('\\').Append(c);
            }
            else if (c is >= ' ' and <= '~')
            {
                text.Append(c);
            }
            else
            {
                text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        text.Append('"');
    }
}
