using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MeshInfra.Schemas;

/// <summary>
/// One schema node with its keywords read once, so validating thousands of objects never goes back to
/// the raw OpenAPI JSON. Mutable only while <see cref="SchemaCompiler"/> builds it (a $ref cycle needs
/// the node to exist before its children); it is never changed after loading, so sharing it across
/// threads is safe.
/// </summary>
internal sealed class CompiledSchema
{
    public SchemaTypes Types { get; set; }

    /// <summary>OpenAPI "nullable": null is accepted even though a type is given.</summary>
    public bool Nullable { get; set; }

    public string? Format { get; set; }

    public IReadOnlyList<JsonNode?>? Enum { get; set; }

    public Dictionary<string, CompiledSchema>? Properties { get; set; }

    /// <summary>Schema for properties not named in <see cref="Properties"/> (a map's values).</summary>
    public CompiledSchema? AdditionalProperties { get; set; }

    /// <summary>Properties neither named nor covered by <see cref="AdditionalProperties"/> are errors.</summary>
    public bool Closed { get; set; }

    public IReadOnlyList<string> Required { get; set; } = [];

    public CompiledSchema? Items { get; set; }

    public IReadOnlyList<CompiledSchema> AllOf { get; set; } = [];

    public IReadOnlyList<CompiledSchema> AnyOf { get; set; } = [];

    public IReadOnlyList<CompiledSchema> OneOf { get; set; } = [];

    public CompiledSchema? Not { get; set; }

    /// <summary>
    /// Istio's generated "at most one of these fields" oneOf (a "none of them" branch plus one
    /// <c>required: [field]</c> branch per field), recognised so the error names the fields.
    /// </summary>
    public IReadOnlyList<string>? ExclusiveFields { get; set; }

    public double? Minimum { get; set; }

    public double? Maximum { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    public int? MinItems { get; set; }

    public int? MaxItems { get; set; }

    public int? MinProperties { get; set; }

    public int? MaxProperties { get; set; }

    public Regex? Pattern { get; set; }

    /// <summary>x-kubernetes-list-type: map keys, enforced (unique key tuples) for CRD schemas only.</summary>
    public IReadOnlyList<string>? ListMapKeys { get; set; }

    /// <summary>The x-kubernetes-validations rules <see cref="CelRules"/> could model (CRD schemas only).</summary>
    public IReadOnlyList<CelRule> Rules { get; set; } = [];

    /// <summary>x-kubernetes-list-type: set, enforced (unique items) for CRD schemas only.</summary>
    public bool ListSet { get; set; }
}
