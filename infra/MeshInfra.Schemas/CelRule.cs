using System.Text.Json.Nodes;

namespace MeshInfra.Schemas;

/// <summary>An x-kubernetes-validations rule that <see cref="CelRules"/> recognised, as a C# predicate.</summary>
/// <param name="Rule">The CEL text, for diagnostics.</param>
/// <param name="Message">The CRD's own message, reported when the rule does not hold.</param>
/// <param name="Holds">Evaluates the rule for a value that already passed the schema's type check.</param>
internal sealed record CelRule(string Rule, string Message, Func<JsonNode, bool> Holds);
