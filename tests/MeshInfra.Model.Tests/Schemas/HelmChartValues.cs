using System.Text.Json;
using System.Text.Json.Nodes;

namespace MeshInfra.Model.Tests.Schemas;

/// <summary>
/// What one chart declares: its defaults, its values.schema.json if any, free-form roots, and the
/// few exact paths a template reads with a default of its own (<c>dig ... .Values</c>) without
/// values.yaml naming them.
/// </summary>
internal sealed class HelmChartValues(JsonObject defaults, JsonObject? schema, IReadOnlyList<string> freeFormRoots, IReadOnlyList<string> templateReadPaths)
{
    public bool Declares(IReadOnlyList<string> path) =>
        path[0] != HelmValuesPathChecker.InternalDefaultsKey
        && (freeFormRoots.Contains(path[0]) || templateReadPaths.Contains(string.Join('.', path)) || InDefaults(path) || (schema is not null && InSchema(schema, schema, path)));

    private bool InDefaults(IReadOnlyList<string> path)
    {
        JsonNode? node = defaults;
        foreach (var segment in path)
        {
            if (node is not JsonObject map)
            {
                // Below a scalar, a list or a null default nothing is declared.
                return false;
            }

            if (map.Count == 0 || IsLabelOrAnnotationMap(map))
            {
                // An empty default map ({}: podAnnotations, nodeSelector, global.meshNetworks, env)
                // is where the chart copies whatever the user gives into the rendered object.
                return true;
            }

            if (!map.TryGetPropertyValue(segment, out node))
            {
                return false;
            }
        }

        return true;
    }

    // The gateway chart's podAnnotations and labels defaults are non-empty maps of Kubernetes
    // annotation/label keys ("prometheus.io/port", "istio.io/dataplane-mode") that the templates
    // render verbatim; such keys always contain a '/', and a map of them is free-form, not a list
    // of options.
    private static bool IsLabelOrAnnotationMap(JsonObject map) =>
        map.All(p => p.Key.Contains('/', StringComparison.Ordinal) && p.Value is JsonValue or null);

    /// <summary>
    /// Walks values.schema.json. Like the manifest validator it reads declared properties as a
    /// closed list (a typo under "service" should not pass because the schema forgot
    /// additionalProperties: false); an object schema without properties is free-form.
    /// </summary>
    private static bool InSchema(JsonObject document, JsonObject schema, IReadOnlyList<string> path)
    {
        var current = Resolve(document, schema);
        foreach (var segment in path)
        {
            if (current["properties"] is JsonObject properties)
            {
                if (properties[segment] is JsonObject property)
                {
                    current = Resolve(document, property);
                    continue;
                }

                if (current["additionalProperties"] is JsonObject additional)
                {
                    current = Resolve(document, additional);
                    continue;
                }

                return IsTrue(current["additionalProperties"]);
            }

            if (current["additionalProperties"] is JsonObject values)
            {
                current = Resolve(document, values);
                continue;
            }

            return current["additionalProperties"] is null
                ? AdmitsObject(current["type"])
                : IsTrue(current["additionalProperties"]);
        }

        return true;
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static bool AdmitsObject(JsonNode? type) => type switch
    {
        null => true,
        JsonArray types => types.Any(t => t?.GetValue<string>() == "object"),
        _ => type.GetValue<string>() == "object",
    };

    private static JsonObject Resolve(JsonObject document, JsonObject schema)
    {
        for (var hops = 0; schema["$ref"] is JsonValue reference; hops++)
        {
            var pointer = reference.GetValue<string>();
            if (hops > 32 || !pointer.StartsWith("#/", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Unsupported $ref {pointer} in values.schema.json");
            }

            JsonNode? target = document;
            foreach (var part in pointer[2..].Split('/'))
            {
                target = target?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            schema = target as JsonObject ?? throw new InvalidDataException($"$ref {pointer} does not resolve");
        }

        return schema;
    }
}
