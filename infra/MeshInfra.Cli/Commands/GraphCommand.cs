using MeshInfra.Cli.Graph;
using MeshInfra.Cli.Stack;

namespace MeshInfra.Cli.Commands;

/// <summary><c>meshinfra graph</c>: the mesh topology as Mermaid (for GitHub) or Graphviz DOT.</summary>
public static class GraphCommand
{
    public const string Mermaid = "mermaid";
    public const string Dot = "dot";

    public static int Run(string path, string format, TextWriter stdout)
    {
        var graph = TopologyGraph.From(StackLoader.Load(path).Plan);
        stdout.Write(format == Dot ? DotWriter.Write(graph) : MermaidWriter.Write(graph));
        return ExitCodes.Ok;
    }
}
