using MeshInfra.Cli.Graph;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Summary;

namespace MeshInfra.Cli.Commands;

/// <summary><c>meshinfra graph</c>: the mesh topology as Mermaid (for GitHub) or Graphviz DOT.</summary>
public static class GraphCommand
{
    public const string Mermaid = "mermaid";
    public const string Dot = "dot";

    public static int Run(string path, string format, IReadOnlyList<string> clusters, IReadOnlyList<string> hosts, TextWriter stdout)
    {
        var plan = StackLoader.Load(path).Plan;
        var graph = TopologyGraph.From(plan, PlanFilter.From(plan, clusters, hosts));
        stdout.Write(format == Dot ? DotWriter.Write(graph) : MermaidWriter.Write(graph));
        return ExitCodes.Ok;
    }
}
