using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MeshInfra.Schemas;

/// <summary>
/// Reads OpenAPI v3 schema JSON (a CRD's openAPIV3Schema, or Kubernetes' components.schemas) into
/// <see cref="CompiledSchema"/> trees. One instance per source document: it memoises $ref targets,
/// so a shared type such as ObjectMeta is compiled once and recursive types terminate.
/// </summary>
internal sealed class SchemaCompiler
{
    private const string RefPrefix = "#/components/schemas/";
    private const string QuantityRef = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private readonly JsonObject? components;
    private readonly bool structural;
    private readonly Dictionary<string, CompiledSchema> refs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Regex> patterns = new(StringComparer.Ordinal);

    /// <param name="components">components.schemas of a Kubernetes OpenAPI document, for $ref.</param>
    /// <param name="structural">
    /// True for CRD schemas: the API server prunes what a structural schema does not declare, so an
    /// object schema with neither properties nor additionalProperties nor
    /// x-kubernetes-preserve-unknown-fields holds nothing, and list-type constraints are enforced.
    /// Kubernetes' built-in OpenAPI is descriptive instead: there such an object (FieldsV1,
    /// RawExtension) is free-form, and list uniqueness is left to Go validation we do not model.
    /// </param>
    public SchemaCompiler(JsonObject? components, bool structural)
    {
        this.components = components;
        this.structural = structural;
    }

    public CompiledSchema CompileRef(string name)
    {
        if (refs.TryGetValue(name, out var existing))
        {
            return existing;
        }

        var source = components?[name] as JsonObject
            ?? throw new InvalidDataException($"$ref target {name} is not in components.schemas");
        var result = new CompiledSchema();
        refs[name] = result;
        Fill(result, source);
        if (name == QuantityRef)
        {
            // Quantity is declared as oneOf string|number with no format; the API server still rejects
            // strings that are not quantities ("100 m", "1.5 Gi"), so check the grammar too.
            result.Format = "quantity";
        }

        return result;
    }

    public CompiledSchema Compile(JsonObject source)
    {
        if (source["$ref"] is JsonValue reference)
        {
            // OpenAPI 3.0: siblings of $ref are ignored.
            return CompileRef(RefName(reference.GetValue<string>()));
        }

        var result = new CompiledSchema();
        Fill(result, source);
        return result;
    }

    private static string RefName(string reference) =>
        reference.StartsWith(RefPrefix, StringComparison.Ordinal)
            ? reference[RefPrefix.Length..]
            : throw new InvalidDataException($"Unsupported $ref {reference}");

    private void Fill(CompiledSchema result, JsonObject source)
    {
        result.Types = ParseTypes(source["type"]);
        result.Nullable = IsTrue(source["nullable"]);
        result.Format = source["format"]?.GetValue<string>();
        if (source["enum"] is JsonArray values)
        {
            result.Enum = values.Select(v => v?.DeepClone()).ToList();
        }

        if (IsTrue(source["x-kubernetes-int-or-string"]))
        {
            result.Types = SchemaTypes.Integer | SchemaTypes.String;
        }

        var preserveUnknown = IsTrue(source["x-kubernetes-preserve-unknown-fields"]);
        if (source["properties"] is JsonObject properties)
        {
            result.Properties = new Dictionary<string, CompiledSchema>(StringComparer.Ordinal);
            foreach (var (name, schema) in properties)
            {
                result.Properties[name] = Compile(AsObject(schema, name));
            }
        }

        var additional = source["additionalProperties"];
        switch (additional)
        {
            case JsonObject schema:
                result.AdditionalProperties = Compile(schema);
                break;
            case JsonValue flag when flag.GetValueKind() == JsonValueKind.False:
                result.Closed = true;
                break;
            case JsonValue flag when flag.GetValueKind() == JsonValueKind.True:
                break;
            case null:
                // The strictness this validator exists for: declared properties and nothing that says
                // "open" means the object is closed. Kubernetes' OpenAPI never spells out
                // additionalProperties: false, yet its decoder drops (and kubectl --validate=strict
                // rejects) undeclared fields, and CRD pruning drops them silently.
                result.Closed = !preserveUnknown
                    && (result.Properties is not null || (structural && result.Types == SchemaTypes.Object));
                break;
            default:
                throw new InvalidDataException($"Unsupported additionalProperties {additional.ToJsonString()}");
        }

        result.Required = source["required"] is JsonArray required
            ? required.Select(r => r!.GetValue<string>()).ToList()
            : [];
        if (source["items"] is JsonObject items)
        {
            result.Items = Compile(items);
        }

        result.AllOf = CompileAll(source["allOf"]);
        result.AnyOf = CompileAll(source["anyOf"]);
        if (source["not"] is JsonObject not)
        {
            result.Not = Compile(not);
        }

        if (source["oneOf"] is JsonArray oneOf && ExclusiveFieldsOf(oneOf) is { } exclusive)
        {
            result.ExclusiveFields = exclusive;
        }
        else
        {
            result.OneOf = CompileAll(source["oneOf"]);
        }

        CollapseTypeAlternatives(result, source);

        result.Minimum = JsonNumbers.Read(source["minimum"]);
        result.Maximum = JsonNumbers.Read(source["maximum"]);
        result.MinLength = JsonNumbers.ReadInt(source["minLength"]);
        result.MaxLength = JsonNumbers.ReadInt(source["maxLength"]);
        result.MinItems = JsonNumbers.ReadInt(source["minItems"]);
        result.MaxItems = JsonNumbers.ReadInt(source["maxItems"]);
        result.MinProperties = JsonNumbers.ReadInt(source["minProperties"]);
        result.MaxProperties = JsonNumbers.ReadInt(source["maxProperties"]);
        if (source["pattern"] is JsonValue pattern)
        {
            result.Pattern = PatternOf(pattern.GetValue<string>());
        }

        if (structural)
        {
            switch (source["x-kubernetes-list-type"]?.GetValue<string>())
            {
                case "map":
                    result.ListMapKeys = source["x-kubernetes-list-map-keys"] is JsonArray keys
                        ? keys.Select(k => k!.GetValue<string>()).ToList()
                        : throw new InvalidDataException("x-kubernetes-list-type: map without x-kubernetes-list-map-keys");
                    break;
                case "set":
                    result.ListSet = true;
                    break;
            }

            result.Rules = (source["x-kubernetes-validations"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Select(r => CelRules.TryCompile(r["rule"]!.GetValue<string>(), r["message"]?.GetValue<string>()))
                .OfType<CelRule>()
                .ToList();
        }

        // Deliberately not modelled: CEL rules of shapes CelRules does not know (no CEL interpreter here),
        // default, and the patch-strategy/union annotations (they describe merging, not validity).
    }

    /// <summary>
    /// A oneOf/anyOf whose branches only name types (Kubernetes IntOrString: oneOf integer|string;
    /// Quantity: oneOf string|number; Istio's int-or-string: anyOf integer|string) is a type union.
    /// Folding it into <see cref="CompiledSchema.Types"/> gives one "expected integer or string" error
    /// instead of a vague "matched no branch". oneOf is only folded when its branches cannot overlap.
    /// </summary>
    private static void CollapseTypeAlternatives(CompiledSchema result, JsonObject source)
    {
        if (TypeUnion(source["anyOf"]) is { } anyOfTypes)
        {
            result.Types = result.Types == SchemaTypes.Any ? anyOfTypes : result.Types & anyOfTypes;
            result.AnyOf = [];
        }

        if (TypeUnion(source["oneOf"]) is { } oneOfTypes
            && (oneOfTypes & (SchemaTypes.Integer | SchemaTypes.Number)) != (SchemaTypes.Integer | SchemaTypes.Number))
        {
            result.Types = result.Types == SchemaTypes.Any ? oneOfTypes : result.Types & oneOfTypes;
            result.OneOf = [];
        }
    }

    private static SchemaTypes? TypeUnion(JsonNode? alternatives)
    {
        if (alternatives is not JsonArray { Count: > 0 } branches)
        {
            return null;
        }

        var union = SchemaTypes.Any;
        foreach (var branch in branches)
        {
            if (branch is not JsonObject obj
                || obj.Any(p => p.Key is not ("type" or "description"))
                || obj["type"] is not JsonValue)
            {
                return null;
            }

            union |= ParseTypes(obj["type"]);
        }

        return union;
    }

    /// <summary>
    /// Recognises <c>oneOf: [{not: {anyOf: [{required: [a]}, {required: [b]}]}}, {required: [a]}, {required: [b]}]</c>,
    /// which Istio generates for protobuf oneofs and which means "at most one of a, b".
    /// </summary>
    private static IReadOnlyList<string>? ExclusiveFieldsOf(JsonArray oneOf)
    {
        var fields = new List<string>();
        var sawNone = false;
        foreach (var branch in oneOf)
        {
            if (branch is not JsonObject obj || obj.Count != 1)
            {
                return null;
            }

            if (SingleRequired(obj) is { } field)
            {
                fields.Add(field);
            }
            else if (obj["not"] is JsonObject { Count: 1 } not && not["anyOf"] is JsonArray anyOf
                && anyOf.All(a => a is JsonObject { Count: 1 } r && SingleRequired(r) is not null))
            {
                sawNone = true;
            }
            else
            {
                return null;
            }
        }

        return sawNone && fields.Count > 0 ? fields : null;
    }

    private static string? SingleRequired(JsonObject obj) =>
        obj["required"] is JsonArray { Count: 1 } required && required[0] is JsonValue name ? name.GetValue<string>() : null;

    private List<CompiledSchema> CompileAll(JsonNode? node) =>
        node is JsonArray array ? array.Select((s, i) => Compile(AsObject(s, $"#{i}"))).ToList() : [];

    private Regex PatternOf(string pattern)
    {
        if (!patterns.TryGetValue(pattern, out var regex))
        {
            // Kubernetes evaluates patterns with Go's RE2 (ECMA-like, unanchored); the patterns in these
            // files mean the same in .NET.
            regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            patterns[pattern] = regex;
        }

        return regex;
    }

    private static SchemaTypes ParseTypes(JsonNode? type) => type switch
    {
        null => SchemaTypes.Any,
        JsonArray names => names.Aggregate(SchemaTypes.Any, (acc, n) => acc | ParseType(n!.GetValue<string>())),
        _ => ParseType(type.GetValue<string>()),
    };

    private static SchemaTypes ParseType(string name) => name switch
    {
        "string" => SchemaTypes.String,
        "integer" => SchemaTypes.Integer,
        "number" => SchemaTypes.Number,
        "boolean" => SchemaTypes.Boolean,
        "object" => SchemaTypes.Object,
        "array" => SchemaTypes.Array,
        _ => throw new InvalidDataException($"Unsupported schema type {name}"),
    };

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static JsonObject AsObject(JsonNode? node, string where) =>
        node as JsonObject ?? throw new InvalidDataException($"Schema at {where} is not an object");
}
