using System.Text;

namespace MeshInfra.Cli.Graph;

/// <summary>Graphviz DOT text (<c>dot -Tsvg</c>): groups become <c>cluster_</c> subgraphs so Graphviz draws them as boxes.</summary>
public static class DotWriter
{
    public static string Write(TopologyGraph graph)
    {
        var text = new StringBuilder();
        text.Append($"digraph {Quote(graph.Name)} {{\n");
        text.Append("  rankdir=LR;\n");
        text.Append("  node [shape=box, fontname=\"Helvetica\"];\n");
        text.Append("  edge [fontname=\"Helvetica\"];\n");
        foreach (var group in graph.Groups)
        {
            WriteGroup(text, group, "  ");
        }

        foreach (var edge in graph.Edges)
        {
            var attributes = new List<string>();
            if (edge.Label is not null)
            {
                attributes.Add($"label={Quote(edge.Label)}");
            }

            if (edge.Dashed)
            {
                attributes.Add("style=dashed");
            }

            text.Append($"  {Quote(edge.From)} -> {Quote(edge.To)}");
            text.Append(attributes.Count > 0 ? $" [{string.Join(", ", attributes)}];\n" : ";\n");
        }

        return text.Append("}\n").ToString();
    }

    private static void WriteGroup(StringBuilder text, GraphGroup group, string indent)
    {
        text.Append($"{indent}subgraph {Quote("cluster_" + group.Id)} {{\n");
        text.Append($"{indent}  label={Quote(group.Label)};\n");
        foreach (var inner in group.Groups)
        {
            WriteGroup(text, inner, indent + "  ");
        }

        foreach (var node in group.Nodes)
        {
            var shape = node.Shape switch
            {
                NodeShape.Gateway => "hexagon",
                NodeShape.GlobalHost => "ellipse",
                NodeShape.Route => "parallelogram",
                _ => "box",
            };
            text.Append($"{indent}  {Quote(node.Id)} [label={Quote(node.Label)}, shape={shape}];\n");
        }

        text.Append(indent).Append("}\n");
    }

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
