using System.Text;

namespace MeshInfra.Cli.Graph;

/// <summary>
/// Mermaid flowchart text that GitHub renders: <c>flowchart LR</c>, one subgraph per group, every label
/// quoted (with Mermaid's entity codes for '#', '&amp;', quotes and angle brackets), ids from <see cref="NodeIds"/>.
/// </summary>
public static class MermaidWriter
{
    public static string Write(TopologyGraph graph)
    {
        var text = new StringBuilder("flowchart LR\n");
        foreach (var group in graph.Groups)
        {
            WriteGroup(text, group, "  ");
        }

        foreach (var edge in graph.Edges)
        {
            var arrow = edge.Dashed ? "-.->" : "-->";
            var label = edge.Label is null ? "" : $"|\"{Escape(edge.Label)}\"|";
            text.Append($"  {edge.From} {arrow}{label} {edge.To}\n");
        }

        return text.ToString();
    }

    private static void WriteGroup(StringBuilder text, GraphGroup group, string indent)
    {
        text.Append($"{indent}subgraph {group.Id}[\"{Escape(group.Label)}\"]\n");
        foreach (var inner in group.Groups)
        {
            WriteGroup(text, inner, indent + "  ");
        }

        foreach (var node in group.Nodes)
        {
            var label = Escape(node.Label);
            text.Append(indent).Append("  ").Append(node.Id).Append(node.Shape switch
            {
                NodeShape.Gateway => $"{{{{\"{label}\"}}}}",
                NodeShape.GlobalHost => $"([\"{label}\"])",
                NodeShape.Route => $"[/\"{label}\"/]",
                _ => $"[\"{label}\"]",
            }).Append('\n');
        }

        text.Append(indent).Append("end\n");
    }

    // '#' first: Mermaid reads "#name;" and "#123;" as entity codes, including the ones added below.
    private static string Escape(string label) => label
        .Replace("#", "#35;", StringComparison.Ordinal)
        .Replace("&", "#amp;", StringComparison.Ordinal)
        .Replace("\"", "#quot;", StringComparison.Ordinal)
        .Replace("<", "#lt;", StringComparison.Ordinal)
        .Replace(">", "#gt;", StringComparison.Ordinal)
        .Replace("\n", "<br/>", StringComparison.Ordinal);
}
