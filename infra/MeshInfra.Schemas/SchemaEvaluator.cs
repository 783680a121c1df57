using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MeshInfra.Schemas;

/// <summary>
/// Checks a JSON value against a <see cref="CompiledSchema"/>, appending "path: message" lines.
/// Stateless: one compiled schema serves any number of concurrent validations.
/// </summary>
internal static partial class SchemaEvaluator
{
    public static void Validate(JsonNode? node, CompiledSchema schema, string path, List<string> errors)
    {
        var actual = TypeOf(node);
        if (actual == "null")
        {
            if (!schema.Nullable && schema.Types != SchemaTypes.Any)
            {
                errors.Add($"{path}: expected {Describe(schema.Types)}, got null");
            }

            return;
        }

        if (!Admits(schema.Types, actual))
        {
            errors.Add($"{path}: expected {Describe(schema.Types)}, got {actual}");
            return;
        }

        if (schema.Enum is { } allowed && !allowed.Any(a => SameValue(a, node)))
        {
            errors.Add($"{path}: value {node!.ToJsonString()} is not one of [{string.Join(", ", allowed.Select(Show))}]");
        }

        switch (node)
        {
            case JsonObject obj:
                ValidateObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                ValidateArray(array, schema, path, errors);
                break;
            case JsonValue value when actual == "string":
                ValidateString(value.GetValue<string>(), schema, path, errors);
                break;
            case JsonValue value when actual is "integer" or "number":
                ValidateNumber(value, schema, path, errors);
                break;
        }

        foreach (var rule in schema.Rules)
        {
            if (!rule.Holds(node!))
            {
                errors.Add($"{path}: {rule.Message}");
            }
        }

        foreach (var part in schema.AllOf)
        {
            Validate(node, part, path, errors);
        }

        if (schema.AnyOf.Count > 0)
        {
            List<string>? firstFailure = null;
            var matched = false;
            foreach (var branch in schema.AnyOf)
            {
                var branchErrors = new List<string>();
                Validate(node, branch, path, branchErrors);
                if (branchErrors.Count == 0)
                {
                    matched = true;
                    break;
                }

                firstFailure ??= branchErrors;
            }

            if (!matched)
            {
                errors.Add($"{path}: matches none of the {schema.AnyOf.Count} anyOf branches (first: {firstFailure![0]})");
            }
        }

        if (schema.OneOf.Count > 0)
        {
            var matches = schema.OneOf.Count(branch => Passes(node, branch, path));
            if (matches != 1)
            {
                errors.Add($"{path}: matches {matches} of the {schema.OneOf.Count} oneOf branches; exactly one must match");
            }
        }

        if (schema.Not is { } not && Passes(node, not, path))
        {
            errors.Add($"{path}: matches a schema it must not match (\"not\")");
        }
    }

    private static bool Passes(JsonNode? node, CompiledSchema schema, string path)
    {
        var scratch = new List<string>();
        Validate(node, schema, path, scratch);
        return scratch.Count == 0;
    }

    private static void ValidateObject(JsonObject obj, CompiledSchema schema, string path, List<string> errors)
    {
        foreach (var name in schema.Required)
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add($"{JsonPaths.Property(path, name)}: required field is missing");
            }
        }

        foreach (var (name, value) in obj)
        {
            var childPath = JsonPaths.Property(path, name);
            if (schema.Properties is { } properties && properties.TryGetValue(name, out var declared))
            {
                Validate(value, declared, childPath, errors);
            }
            else if (schema.AdditionalProperties is { } additional)
            {
                Validate(value, additional, childPath, errors);
            }
            else if (schema.Closed)
            {
                errors.Add($"{childPath}: unknown field");
            }
        }

        if (schema.MinProperties is { } min && obj.Count < min)
        {
            errors.Add($"{path}: has {obj.Count} properties, fewer than the minimum {min}");
        }

        if (schema.MaxProperties is { } max && obj.Count > max)
        {
            errors.Add($"{path}: has {obj.Count} properties, more than the maximum {max}");
        }

        if (schema.ExclusiveFields is { } exclusive)
        {
            var present = exclusive.Where(obj.ContainsKey).ToList();
            if (present.Count > 1)
            {
                errors.Add($"{path}: at most one of {string.Join(", ", exclusive)} may be set (found {string.Join(", ", present)})");
            }
        }
    }

    private static void ValidateArray(JsonArray array, CompiledSchema schema, string path, List<string> errors)
    {
        if (schema.Items is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(array[i], items, JsonPaths.Index(path, i), errors);
            }
        }

        if (schema.MinItems is { } min && array.Count < min)
        {
            errors.Add($"{path}: has {array.Count} items, fewer than the minimum {min}");
        }

        if (schema.MaxItems is { } max && array.Count > max)
        {
            errors.Add($"{path}: has {array.Count} items, more than the maximum {max}");
        }

        if (schema.ListMapKeys is { } keys)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < array.Count; i++)
            {
                var key = string.Join(", ", keys.Select(k => $"{k}={(array[i] as JsonObject)?[k]?.ToJsonString() ?? "<unset>"}"));
                if (!seen.TryAdd(key, i))
                {
                    errors.Add($"{JsonPaths.Index(path, i)}: duplicate entry for key ({key}), first at [{seen[key]}]");
                }
            }
        }

        if (schema.ListSet)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < array.Count; i++)
            {
                var text = array[i]?.ToJsonString() ?? "null";
                if (!seen.TryAdd(text, i))
                {
                    errors.Add($"{JsonPaths.Index(path, i)}: duplicate item {text}, first at [{seen[text]}]");
                }
            }
        }
    }

    private static void ValidateString(string text, CompiledSchema schema, string path, List<string> errors)
    {
        if (schema.MinLength is not null || schema.MaxLength is not null)
        {
            // Kubernetes counts characters (runes), not UTF-16 units or bytes.
            var length = text.EnumerateRunes().Count();
            if (length < schema.MinLength)
            {
                errors.Add($"{path}: length {length} is below the minimum {schema.MinLength}");
            }

            if (length > schema.MaxLength)
            {
                errors.Add($"{path}: length {length} is above the maximum {schema.MaxLength}");
            }
        }

        if (schema.Pattern is { } pattern && !pattern.IsMatch(text))
        {
            errors.Add($"{path}: \"{text}\" does not match pattern {pattern}");
        }

        var formatError = schema.Format switch
        {
            "byte" when !Base64.IsValid(text) => "is not base64",
            "date-time" when !IsDateTime(text) => "is not an RFC 3339 date-time",
            "quantity" when !QuantityPattern().IsMatch(text) => "is not a Kubernetes quantity (e.g. 100m, 128Mi, 1.5)",
            _ => null,
        };
        if (formatError is not null)
        {
            errors.Add($"{path}: \"{text}\" {formatError}");
        }
    }

    private static void ValidateNumber(JsonValue value, CompiledSchema schema, string path, List<string> errors)
    {
        JsonNumbers.TryRead(value, out var number, out var integral);
        if (number < schema.Minimum)
        {
            errors.Add($"{path}: {Show(value)} is below the minimum {schema.Minimum}");
        }

        if (number > schema.Maximum)
        {
            errors.Add($"{path}: {Show(value)} is above the maximum {schema.Maximum}");
        }

        var outOfRange = schema.Format switch
        {
            "int32" => !integral || number is < int.MinValue or > int.MaxValue,
            "int64" => !integral || number is < long.MinValue or > long.MaxValue,
            _ => false,
        };
        if (outOfRange)
        {
            errors.Add($"{path}: {Show(value)} is not a valid {schema.Format}");
        }
    }

    private static string TypeOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => JsonNumbers.TryRead(value, out _, out var integral) && integral ? "integer" : "number",
            JsonValueKind.Null => "null",
            var other => other.ToString(),
        },
        _ => node.GetType().Name,
    };

    private static bool Admits(SchemaTypes types, string actual) => types == SchemaTypes.Any || actual switch
    {
        "string" => types.HasFlag(SchemaTypes.String),
        "integer" => types.HasFlag(SchemaTypes.Integer) || types.HasFlag(SchemaTypes.Number),
        "number" => types.HasFlag(SchemaTypes.Number),
        "boolean" => types.HasFlag(SchemaTypes.Boolean),
        "object" => types.HasFlag(SchemaTypes.Object),
        "array" => types.HasFlag(SchemaTypes.Array),
        _ => false,
    };

    private static string Describe(SchemaTypes types)
    {
        var names = Enum.GetValues<SchemaTypes>()
            .Where(t => t != SchemaTypes.Any && types.HasFlag(t))
            .Select(t => t.ToString().ToLowerInvariant())
            .ToList();
        return names.Count == 0 ? "any value" : string.Join(" or ", names);
    }

    private static bool SameValue(JsonNode? expected, JsonNode? actual)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null;
        }

        if (expected is JsonValue e && actual is JsonValue a)
        {
            var kind = e.GetValueKind();
            if (kind == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number)
            {
                return JsonNumbers.Read(e) == JsonNumbers.Read(a);
            }

            if (kind == JsonValueKind.String && a.GetValueKind() == JsonValueKind.String)
            {
                return string.Equals(e.GetValue<string>(), a.GetValue<string>(), StringComparison.Ordinal);
            }

            return kind == a.GetValueKind() && kind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null;
        }

        return JsonNode.DeepEquals(expected, actual);
    }

    private static string Show(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : node?.ToJsonString() ?? "null";

    private static bool IsDateTime(string text) =>
        DateTimePattern().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();

    // k8s.io/apimachinery/pkg/api/resource: <signedNumber><suffix>, suffix binarySI | decimalSI | exponent.
    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex QuantityPattern();
}
