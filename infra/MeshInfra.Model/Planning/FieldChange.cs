namespace MeshInfra.Model.Planning;

/// <summary>
/// One leaf of a resource that differs between two plans: its path (<c>spec.endpoints[0].address</c>)
/// and its value before and after as JSON text, null where the leaf is absent. An item of a list that is
/// compared by identity is named by it (<c>spec.subsets[name=eu-west]</c>) and added or removed whole;
/// <see cref="Note"/> says why a list was compared by position instead (its order matters).
/// </summary>
public sealed record FieldChange(string Path, string? Before, string? After, string? Note = null);
