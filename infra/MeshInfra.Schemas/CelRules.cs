using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MeshInfra.Schemas;

/// <summary>
/// Recognises the CEL rule shapes (x-kubernetes-validations) that Istio's CRDs use most, such as
/// port ranges, durations and "at most one of" field groups, and turns them into predicates.
/// There is no CEL interpreter here: a rule that matches none of these shapes is skipped, so the
/// validator stays a lower bound of what the API server rejects (see <see cref="Unrecognised"/>).
/// </summary>
internal static partial class CelRules
{
    private static readonly Dictionary<string, Func<JsonNode, bool>> Exact = new(StringComparer.Ordinal)
    {
        ["duration(self) >= duration('1ms')"] = self => TryParseGoDuration(Text(self), out var d) && d >= TimeSpan.FromMilliseconds(1),
        ["self.size() == 0"] = self => Size(self) == 0,
        ["self.all(key, key.size() != 0)"] = self => Elements(self).All(k => k.Length != 0),
        ["self.all(key, 0 < int(key) && int(key) <= 65535)"] = self =>
            Elements(self).All(k => int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535),
        ["((has(self.resolution) ? self.resolution : \"NONE\") == \"NONE\") ? !has(self.endpoints) : true"] = self =>
            (FieldText(self, "resolution") ?? "NONE") != "NONE" || !Has(self, "endpoints"),
        ["((has(self.resolution) ? self.resolution : \"\") == \"DNS_ROUND_ROBIN\") ? ((has(self.endpoints) ? self.endpoints : []).size() <= 1) : true"] = self =>
            FieldText(self, "resolution") != "DNS_ROUND_ROBIN" || (Field(self, "endpoints") as JsonArray)?.Count is null or <= 1,
        ["!((has(self.addresses) ? self.addresses : []).exists(k, k.contains(\"/\")) && !((has(self.resolution) ? self.resolution : \"NONE\") in [\"STATIC\", \"NONE\"]))"] = self =>
            !(Elements(Field(self, "addresses")).Any(a => a.Contains('/', StringComparison.Ordinal))
              && FieldText(self, "resolution") is not (null or "STATIC" or "NONE")),
        ["has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true"] = self =>
            !Has(self, "portLevelMtls") || (Field(self, "selector") is { } selector && Field(selector, "matchLabels") is JsonObject { Count: > 0 }),
        ["(has(self.serviceAccounts) || has(self.notServiceAccounts)) ? (!has(self.principals) &&\n!has(self.notPrincipals) && !has(self.namespaces) && !has(self.notNamespaces)) : true"] = self =>
            !(Has(self, "serviceAccounts") || Has(self, "notServiceAccounts"))
            || !new[] { "principals", "notPrincipals", "namespaces", "notNamespaces" }.Any(f => Has(self, f)),
        ["(has(self.valueFrom) ? self.valueFrom : \"\") != \"HOST\" || !has(self.value)"] = self =>
            FieldText(self, "valueFrom") != "HOST" || !Has(self, "value"),
        ["(has(self.address) ? self.address : \"\").startsWith(\"unix://\") ? !has(self.ports) : true"] = self =>
            !(FieldText(self, "address") ?? string.Empty).StartsWith("unix://", StringComparison.Ordinal) || !Has(self, "ports"),
        ["self.startsWith(\"unix://\") ? !self.endsWith(\"/\") : true"] = self =>
            !Text(self).StartsWith("unix://", StringComparison.Ordinal) || !Text(self).EndsWith('/'),
        ["self.startsWith(\"unix://\") ? (self.substring(7, 8) == \"/\" || self.substring(7, 8) == \"@\") : true"] = self =>
            !Text(self).StartsWith("unix://", StringComparison.Ordinal) || (Text(self).Length > 7 && Text(self)[7] is '/' or '@'),
        ["has(self.wasm) != has(self.lua)"] = self => Has(self, "wasm") != Has(self, "lua"),
    };

    /// <summary>The rule as a predicate, or null when its shape is not one we model.</summary>
    public static CelRule? TryCompile(string rule, string? message)
    {
        var holds = Exact.GetValueOrDefault(rule) ?? Shaped(rule);
        return holds is null ? null : new CelRule(rule, message ?? $"failed rule: {rule}", holds);
    }

    /// <summary>The distinct rules in a CRD schema that <see cref="TryCompile"/> does not model.</summary>
    public static IEnumerable<string> Unrecognised(JsonNode? schema) => schema switch
    {
        JsonObject obj => (obj["x-kubernetes-validations"] as JsonArray ?? [])
            .Select(r => r?["rule"]?.GetValue<string>())
            .OfType<string>()
            .Where(r => TryCompile(r, null) is null)
            .Concat(obj.Where(p => p.Key != "x-kubernetes-validations").SelectMany(p => Unrecognised(p.Value)))
            .Distinct(StringComparer.Ordinal),
        JsonArray array => array.SelectMany(Unrecognised).Distinct(StringComparer.Ordinal),
        _ => [],
    };

    private static Func<JsonNode, bool>? Shaped(string rule)
    {
        if (IntRange().Match(rule) is { Success: true } range)
        {
            var (low, high) = (double.Parse(range.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(range.Groups[2].Value, CultureInfo.InvariantCulture));
            return self => JsonNumbers.Read(self) is { } n && low < n && n <= high;
        }

        if (AtMostOne().IsMatch(rule))
        {
            var fields = HasField().Matches(rule).Select(m => m.Groups[1].Value).ToList();
            return self => fields.Count(f => Has(self, f)) <= 1;
        }

        if (EitherOf().Match(rule) is { Success: true } either)
        {
            var (a, b) = (either.Groups[1].Value, either.Groups[2].Value);
            return self => Has(self, a) || Has(self, b);
        }

        if (NotContains().Match(rule) is { Success: true } notContains)
        {
            var text = notContains.Groups[1].Value;
            return self => !Text(self).Contains(text, StringComparison.Ordinal);
        }

        if (AllNotContain().Match(rule) is { Success: true } allNot)
        {
            var text = allNot.Groups[1].Value;
            return self => Elements(self).All(k => !k.Contains(text, StringComparison.Ordinal));
        }

        if (NotEqual().Match(rule) is { Success: true } notEqual)
        {
            var text = notEqual.Groups[1].Value;
            return self => Text(self) != text;
        }

        if (InList().Match(rule) is { Success: true } inList)
        {
            var allowed = Quoted().Matches(inList.Groups[1].Value).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            return self => allowed.Contains(Text(self));
        }

        if (UniqueField().Match(rule) is { Success: true } unique && unique.Groups[1].Value == unique.Groups[2].Value)
        {
            var field = unique.Groups[1].Value;
            return self => self is JsonArray items
                && items.Select(i => (i is null ? null : Field(i, field))?.ToJsonString() ?? "null").GroupBy(v => v, StringComparer.Ordinal).All(g => g.Count() == 1);
        }

        if (KeysMatch().Match(rule) is { Success: true } keys)
        {
            var limit = int.Parse(keys.Groups[1].Value, CultureInfo.InvariantCulture);
            var pattern = new Regex(keys.Groups[2].Value, RegexOptions.CultureInvariant);
            return self => Elements(self).All(k => k.Length < limit && pattern.IsMatch(k));
        }

        return null;
    }

    // Go's time.ParseDuration, which CEL's duration() uses: "0", or signed sums like "1h30m", "1.5s", "300ms".
    private static bool TryParseGoDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }

        var match = GoDuration().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var totalNanoseconds = 0m;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitMatch = GoDurationPart().Match(part.Value);
            var amount = decimal.Parse(unitMatch.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            totalNanoseconds += amount * unitMatch.Groups[2].Value switch
            {
                "ns" => 1m,
                "us" or "\u00b5s" or "\u03bcs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                _ => 3_600_000_000_000m,
            };
        }

        var ticks = totalNanoseconds / 100m;
        duration = TimeSpan.FromTicks((long)Math.Min(ticks, long.MaxValue)) * (match.Groups["sign"].Value == "-" ? -1 : 1);
        return true;
    }

    private static string Text(JsonNode self) =>
        self is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : self.ToJsonString();

    private static JsonNode? Field(JsonNode self, string field) => self is JsonObject obj ? obj[field] : null;

    private static bool Has(JsonNode self, string field) => Field(self, field) is not null;

    private static string? FieldText(JsonNode self, string field) => Field(self, field) is { } value ? Text(value) : null;

    private static int Size(JsonNode self) => self switch
    {
        JsonObject obj => obj.Count,
        JsonArray array => array.Count,
        _ => Text(self).Length,
    };

    // CEL's all()/exists() range over a map's keys or a list's items.
    private static IEnumerable<string> Elements(JsonNode? self) => self switch
    {
        JsonObject obj => obj.Select(p => p.Key),
        JsonArray array => array.Select(i => i is null ? "null" : Text(i)),
        _ => [],
    };

    [GeneratedRegex(@"^(\d+) < self && self <= (\d+)$")]
    private static partial Regex IntRange();

    [GeneratedRegex(@"^\(has\(self\.\w+\) \? 1 : 0\)( \+ \(has\(self\.\w+\) \? 1 : 0\))+ <= 1$")]
    private static partial Regex AtMostOne();

    [GeneratedRegex(@"has\(self\.(\w+)\)")]
    private static partial Regex HasField();

    [GeneratedRegex(@"^has\(self\.(\w+)\) \|\| has\(self\.(\w+)\)$")]
    private static partial Regex EitherOf();

    [GeneratedRegex("^!self\\.contains\\(\"([^\"]*)\"\\)$")]
    private static partial Regex NotContains();

    [GeneratedRegex("^self\\.all\\(key, !key\\.contains\\(\"([^\"]*)\"\\)\\)$")]
    private static partial Regex AllNotContain();

    [GeneratedRegex("^self != \"([^\"]*)\"$")]
    private static partial Regex NotEqual();

    [GeneratedRegex(@"^self in \[((?:""[^""]*""(?:, )?)*)\]$")]
    private static partial Regex InList();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"^self\.all\(l1, self\.exists_one\(l2, l1\.(\w+) == l2\.(\w+)\)\)$")]
    private static partial Regex UniqueField();

    [GeneratedRegex("^self\\.all\\(key, size\\(key\\) < (\\d+) && key\\.matches\\(\"(.*)\"\\)\\)$")]
    private static partial Regex KeysMatch();

    [GeneratedRegex(@"^(?<sign>[-+]?)(?<part>(\d+(\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+$")]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"^(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)$")]
    private static partial Regex GoDurationPart();
}
