using System.Globalization;
using System.Text.Json;

namespace MeshInfra.Model.Config;

/// <summary>
/// Reads typed values out of the JSON form of the stack config while collecting errors that name
/// the full key path. It never throws on bad input: every reader returns null (or a default) and
/// records why, so one pass reports every problem in the file.
/// </summary>
internal sealed class ConfigReader
{
    private readonly List<ConfigError> errors = [];
    private readonly List<ConfigError> warnings = [];

    // Keys a misspelt key was taken for ("did you mean"), with the value written under the misspelling:
    // their "is required" would be the same mistake again.
    private readonly Dictionary<string, JsonElement> misspelt = new(StringComparer.Ordinal);

    // Names declared by an entry that has an error of its own: a reference to one is not a second error.
    private readonly HashSet<string> declared = new(StringComparer.Ordinal);

    /// <summary>One error per mistake: a required key that was written but misspelt is reported once, as the misspelling.</summary>
    public IReadOnlyList<ConfigError> Errors =>
        misspelt.Count == 0 ? errors : errors.Where(e => !(e.Message.StartsWith("is required", StringComparison.Ordinal) && misspelt.ContainsKey(e.Path))).ToList();

    /// <summary>The text written under a misspelling of the key at <paramref name="path"/> (nmae: cluster2 for name), or null.</summary>
    public string? WrittenAs(string path) =>
        misspelt.TryGetValue(path, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Notes that the config declares a cluster or service of this name (<paramref name="kind"/>), valid or not.</summary>
    public void Declare(string kind, string name) => declared.Add(kind + "\0" + name);

    public bool IsDeclared(string kind, string name) => declared.Contains(kind + "\0" + name);

    /// <summary>Problems that do not stop a deploy today but will (a source Istio is retiring).</summary>
    public IReadOnlyList<ConfigError> Warnings => warnings;

    /// <summary>
    /// Records an error as one line whatever it quotes: the CLI prints one error per line, so a key or value
    /// holding a line break or a terminal escape must not break or restyle that line.
    /// </summary>
    public void Error(string path, string message) => errors.Add(new ConfigError(OneLine(path), OneLine(message)));

    /// <summary>Records an error about a key itself (unknown, misspelt), so it is shown at the key, not at its value.</summary>
    public void KeyError(string path, string message) => errors.Add(new ConfigError(OneLine(path), OneLine(message)) { AtKey = true });

    public void Warn(string path, string message) => warnings.Add(new ConfigError(OneLine(path), OneLine(message)));

    /// <summary>Reports keys the schema does not know, with the closest known key as a hint.</summary>
    public void RejectUnknownKeys(JsonElement obj, string path, params string[] known)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                var hint = Suggest(property.Name, known);
                if (hint is not null && !obj.TryGetProperty(hint, out _))
                {
                    misspelt.TryAdd(OneLine(Join(path, hint)), property.Value);
                }

                KeyError(Join(path, property.Name), hint is null
                    ? $"unknown key (known keys: {string.Join(", ", known)})"
                    : $"unknown key (did you mean '{hint}'?)");
            }
        }
    }

    public bool IsObject(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Error(path, $"expected an object, got {Describe(element)}");
        return false;
    }

    public static bool TryGet(JsonElement obj, string key, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    public string? String(JsonElement obj, string key, string path, bool required = false, bool allowLineBreaks = false)
    {
        var at = Join(path, key);
        if (!TryGet(obj, key, out var value))
        {
            if (required)
            {
                Error(at, "is required");
            }

            return null;
        }

        // YAML users write `version: 1.30` or `port: 8000` unquoted; accept scalars as text.
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (text.Length == 0)
                {
                    Error(at, "must not be empty");
                    return null;
                }

                if (text.Length > 1024)
                {
                    Error(at, $"is {text.Length} characters long; at most 1024 are allowed");
                    return null;
                }

                if (ConfigTextSafety.ControlProblem(text, allowLineBreaks) is { } problem)
                {
                    Error(at, problem);
                    return null;
                }

                return text;
            case JsonValueKind.Number:
                return value.GetRawText();
            default:
                Error(at, $"expected a string, got {Describe(value)}");
                return null;
        }
    }

    public int? Int(JsonElement obj, string key, string path, int min, int max, bool required = false)
    {
        var at = Join(path, key);
        if (!TryGet(obj, key, out var value))
        {
            if (required)
            {
                Error(at, "is required");
            }

            return null;
        }

        long number;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out number))
        {
        }
        else if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            // Pulumi config set from the CLI arrives as strings; a quoted number is still a number.
        }
        else
        {
            Error(at, $"expected a whole number from {min} to {max}, got {Describe(value)}");
            return null;
        }

        if (number < min || number > max)
        {
            Error(at, $"{number} is out of range (allowed {min} to {max})");
            return null;
        }

        return (int)number;
    }

    public bool? Bool(JsonElement obj, string key, string path)
    {
        if (!TryGet(obj, key, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed):
                return parsed;
            default:
                Error(Join(path, key), $"expected true or false, got {Describe(value)}");
                return null;
        }
    }

    /// <summary>Reads one of a fixed set of words (an enum in config), case-sensitively as documented.</summary>
    public string? OneOf(JsonElement obj, string key, string path, params string[] allowed)
    {
        var text = String(obj, key, path);
        if (text is null)
        {
            return null;
        }

        if (allowed.Contains(text, StringComparer.Ordinal))
        {
            return text;
        }

        Error(Join(path, key), $"'{Clip(text)}' is not one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}");
        return null;
    }

    /// <summary>Enumerates an array's items with their paths; reports a non-array once.</summary>
    public IEnumerable<(JsonElement Item, string Path)> Array(JsonElement obj, string key, string path, bool required = false)
    {
        var at = Join(path, key);
        if (!TryGet(obj, key, out var value))
        {
            if (required)
            {
                Error(at, "is required");
            }

            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(at, $"expected a list, got {Describe(value)}");
            return [];
        }

        return value.EnumerateArray().Select((item, i) => (item, $"{at}[{i}]")).ToList();
    }

    /// <summary>Reads a list of strings (cluster names, hosts).</summary>
    public List<string> StringList(JsonElement obj, string key, string path, bool required = false)
    {
        var result = new List<string>();
        foreach (var (item, at) in Array(obj, key, path, required))
        {
            if (item.ValueKind == JsonValueKind.String && item.GetString()!.Length > 0)
            {
                if (ConfigTextSafety.ControlProblem(item.GetString()!) is { } problem)
                {
                    Error(at, problem);
                    continue;
                }

                result.Add(item.GetString()!);
            }
            else
            {
                Error(at, $"expected a non-empty string, got {Describe(item)}");
            }
        }

        return result;
    }

    /// <summary>Enumerates an object's properties with their paths; reports a non-object once.</summary>
    public IEnumerable<(string Key, JsonElement Value, string Path)> Map(JsonElement obj, string key, string path)
    {
        var at = Join(path, key);
        if (!TryGet(obj, key, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Error(at, $"expected a map, got {Describe(value)}");
            return [];
        }

        return value.EnumerateObject().Select(p => (p.Name, p.Value, Join(at, p.Name))).ToList();
    }

    /// <summary>Odd or long keys are quoted and clipped like values: an unknown key can be any text, and a path stays short.</summary>
    public static string Join(string path, string key) => ConfigKeyPath.Join(path, key);

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string '{Clip(value.GetString()!)}'",
        JsonValueKind.Number => $"the number {Clip(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Long or odd values are shortened so one error stays one readable line.</summary>
    public static string Clip(string text) => ConfigKeyPath.Clip(text);

    /// <summary>A reference to a cluster the mesh does not have, with the names it could have meant.</summary>
    public void UnknownCluster(string path, string name, IEnumerable<string> known)
    {
        // A cluster the config declares, whose entry failed for another reason, already has its error.
        if (!IsDeclared("cluster", name))
        {
            Error(path, $"'{Clip(name)}' is not a cluster of this mesh (known: {KnownList(known)})");
        }
    }

    /// <summary>The names an unknown reference could have meant, each once and clipped: an invalid name is still listed.</summary>
    public static string KnownList(IEnumerable<string> names) =>
        string.Join(", ", names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(Clip));

    /// <summary>Control characters and the Unicode line and paragraph separators become spaces.</summary>
    private static string OneLine(string text) => ConfigKeyPath.OneLine(text);

    private static string? Suggest(string unknown, string[] known) =>
        known.Select(k => (Key: k, Distance: Levenshtein(unknown.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(k => k.Distance <= Math.Max(2, k.Key.Length / 3))
            .OrderBy(k => k.Distance).ThenBy(k => k.Key, StringComparer.Ordinal)
            .Select(k => k.Key).FirstOrDefault();

    private static int Levenshtein(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue / 2;
        }

        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
