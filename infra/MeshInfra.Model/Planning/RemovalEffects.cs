using System.Collections.Immutable;

namespace MeshInfra.Model.Planning;

/// <summary>What removing a cluster's resources (the cluster leaving the mesh, or <c>pulumi destroy</c>) deletes, and what it keeps.</summary>
public sealed record RemovalEffects(ImmutableArray<string> Deletes, ImmutableArray<string> Keeps);
