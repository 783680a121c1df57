namespace MeshInfra.Model.Planning;

/// <summary>
/// One leaf of a resource that differs between two plans: its path (<c>spec.endpoints[0].address</c>)
/// and its value before and after as JSON text, null where the leaf is absent.
/// </summary>
public sealed record FieldChange(string Path, string? Before, string? After);
