namespace MeshInfra.Model.Planning;

/// <summary><see cref="Before"/> must exist before <see cref="After"/> is created, for <see cref="Reason"/>.</summary>
public sealed record DependencyEdge(ResourceId Before, ResourceId After, string Reason);
