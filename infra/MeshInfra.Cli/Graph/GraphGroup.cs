using System.Collections.Immutable;

namespace MeshInfra.Cli.Graph;

/// <summary>A box around nodes: a network holding its clusters, a cluster holding its gateways and routes.</summary>
public sealed record GraphGroup(string Id, string Label, ImmutableArray<GraphGroup> Groups, ImmutableArray<GraphNode> Nodes);
