using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Doctor;

/// <summary>One differing field: its path, the plan's value and the live one (null when absent), and the deferred value the plan's stands for.</summary>
internal sealed record FieldDifference(string Path, string Planned, string? Live, DeferredValue? Deferred);
