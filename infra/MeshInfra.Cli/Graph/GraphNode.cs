namespace MeshInfra.Cli.Graph;

/// <summary>A node; <see cref="Label"/> may hold '\n' line breaks, which each writer spells its own way.</summary>
public sealed record GraphNode(string Id, string Label, NodeShape Shape);
