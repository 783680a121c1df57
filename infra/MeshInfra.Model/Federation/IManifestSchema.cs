using System.Text.Json.Nodes;

namespace MeshInfra.Model.Federation;

/// <summary>
/// Checks one manifest against the schema of its apiVersion and kind. The model states what must be
/// valid; the schemas themselves (Istio's CRDs, Kubernetes' OpenAPI) live in MeshInfra.Schemas, so the
/// model stays free of data files and YAML parsing.
/// </summary>
public interface IManifestSchema
{
    /// <summary>Errors as "Kind/name: $.json.path: problem"; empty when the manifest is valid.</summary>
    IReadOnlyList<string> Validate(JsonObject manifest);
}
