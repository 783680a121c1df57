namespace MeshInfra.Cli.Graph;

/// <summary>An edge; dashed edges are calls made by clients, solid ones are where traffic is served.</summary>
public sealed record GraphEdge(string From, string To, string? Label, bool Dashed);
