using System.Text.RegularExpressions;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

public sealed partial class GraphTests
{
    public static TheoryData<string> Stacks => new() { Repo.DevStack, Repo.ProdStack };

    [Fact]
    public void TheReadmesPictureIsWhatGraphDrawsToday()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        var start = readme.IndexOf("```mermaid\n", StringComparison.Ordinal) + "```mermaid\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        Assert.Equal(CliRunner.Ok("graph", Repo.DevStack).Stdout, readme[start..end]);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void MermaidIsAFlowchartThatMentionsEveryClusterNetworkAndGlobalHost(string stack)
    {
        var plan = Stack.StackLoader.Load(stack).Plan;

        var mermaid = CliRunner.Ok("graph", stack).Stdout;

        Assert.StartsWith("flowchart LR\n", mermaid, StringComparison.Ordinal);
        Assert.All(plan.Clusters, c =>
        {
            Assert.Contains($"[\"cluster {c.Cluster.Name}\"]", mermaid, StringComparison.Ordinal);
            Assert.Contains($"[\"network {c.Cluster.Network}\"]", mermaid, StringComparison.Ordinal);
        });
        Assert.All(plan.GlobalHosts, h => Assert.Contains($"{h.Host}<br/>{h.Address}", mermaid, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void MermaidIdsAreSafeAndEveryEdgeEndsAtADeclaredNode(string stack)
    {
        var lines = CliRunner.Ok("graph", stack).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Trim()).ToList();

        var declared = new HashSet<string>(StringComparer.Ordinal);
        var edges = new List<(string From, string To)>();
        var depth = 0;
        foreach (var line in lines)
        {
            if (line == "end")
            {
                depth--;
            }
            else if (SubgraphLine().Match(line) is { Success: true } subgraph)
            {
                depth++;
                Assert.True(declared.Add(subgraph.Groups[1].Value), $"duplicate id in: {line}");
            }
            else if (EdgeLine().Match(line) is { Success: true } edge)
            {
                edges.Add((edge.Groups[1].Value, edge.Groups[2].Value));
            }
            else
            {
                var node = NodeLine().Match(line);
                Assert.True(node.Success, $"not a node, edge or subgraph line: {line}");
                Assert.True(declared.Add(node.Groups[1].Value), $"duplicate id in: {line}");
            }
        }

        Assert.Equal(0, depth);
        Assert.All(edges, e => Assert.True(declared.Contains(e.From) && declared.Contains(e.To), $"edge {e.From} -> {e.To} names an undeclared node"));
        Assert.All(declared, id => Assert.DoesNotContain(id, new[] { "end", "graph", "subgraph", "flowchart" }));
    }

    [Fact]
    public void ConsumersPointAtHostsAndHostsAtTheirServersGateways()
    {
        var mermaid = CliRunner.Ok("graph", Repo.DevStack).Stdout;

        Assert.Contains("  cl_cluster1_workloads -.-> host_httpbin_bar_global\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  host_httpbin_bar_global --> cl_cluster2_eastwest\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  host_reviews_default_global -->|\"v2 v3\"| cl_cluster2_eastwest\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  cl_cluster1_route_reviews_default -.-> host_reviews_default_global\n", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void MermaidLabelsEscapeQuotesAngleBracketsAndEntityLookalikes()
    {
        using var temp = new TempDirectory();
        var stack = temp.File("Pulumi.weird.yaml", File.ReadAllText(Repo.DevStack).Replace("exact: jason", "regex: '^j\"a<s>o&n#1;$'", StringComparison.Ordinal));

        var mermaid = CliRunner.Ok("graph", stack).Stdout;

        var route = Assert.Single(mermaid.Split('\n'), l => l.Contains("[/\"route reviews.default", StringComparison.Ordinal));
        Assert.Contains("end-user regex #quot;^j#quot;a#lt;s#gt;o#amp;n#35;1;$#quot; → v2 50%, v3 50%", route, StringComparison.Ordinal);
        Assert.Matches(NodeLine(), route.Trim());
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void DotIsADigraphWithAClusterBoxPerCluster(string stack)
    {
        var plan = Stack.StackLoader.Load(stack).Plan;

        var dot = CliRunner.Ok("graph", stack, "--format", "dot").Stdout;

        Assert.StartsWith("digraph ", dot, StringComparison.Ordinal);
        Assert.EndsWith("}\n", dot, StringComparison.Ordinal);

        // Each box by its label, with the labels of the boxes around it: every cluster in the box of its
        // network, every global host in the hosts' box, nothing else boxed, and every edge between nodes.
        var boxes = new Dictionary<string, string>(StringComparer.Ordinal);
        var open = new Stack<string>();
        var nodes = new Dictionary<string, string>(StringComparer.Ordinal);
        var edges = new List<(string From, string To)>();
        foreach (var line in dot.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).SkipLast(1).Select(l => l.Trim()))
        {
            if (line.StartsWith("subgraph ", StringComparison.Ordinal))
            {
                Assert.EndsWith(" {", line, StringComparison.Ordinal);
                open.Push("");
            }
            else if (line == "}")
            {
                Assert.NotEmpty(open);
                open.Pop();
            }
            else if (DotLabel().Match(line) is { Success: true } label && open.Count > 0 && open.Peek().Length == 0)
            {
                open.Pop();
                Assert.True(boxes.TryAdd(label.Groups[1].Value, open.Count == 0 ? "" : open.Peek()), $"two boxes labelled {label.Groups[1].Value}");
                open.Push(label.Groups[1].Value);
            }
            else if (DotEdge().Match(line) is { Success: true } edge)
            {
                edges.Add((edge.Groups[1].Value, edge.Groups[2].Value));
            }
            else if (DotNode().Match(line) is { Success: true } node)
            {
                Assert.True(nodes.TryAdd(node.Groups[1].Value, node.Groups[2].Value), $"node {node.Groups[1].Value} declared twice");
            }
        }

        Assert.Empty(open);
        var expected = new Dictionary<string, string>(StringComparer.Ordinal) { ["global hosts (*.global)"] = "" };
        foreach (var cluster in plan.Clusters)
        {
            expected[$"network {cluster.Cluster.Network}"] = "";
            expected[$"cluster {cluster.Cluster.Name}"] = $"network {cluster.Cluster.Network}";
        }

        Assert.Equal(expected.OrderBy(b => b.Key, StringComparer.Ordinal), boxes.OrderBy(b => b.Key, StringComparer.Ordinal));
        Assert.Equal(
            plan.GlobalHosts.Select(h => $"{h.Host}\\n{h.Address}").Order(StringComparer.Ordinal),
            nodes.Values.Where(l => l.Contains(".global\\n", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.NotEmpty(edges);
        Assert.All(edges, e => Assert.True(nodes.ContainsKey(e.From) && nodes.ContainsKey(e.To), $"edge {e.From} -> {e.To} names an undeclared node"));
    }

    [GeneratedRegex(@"^label=""([^""]*)"";$")]
    private static partial Regex DotLabel();

    [GeneratedRegex(@"^""([A-Za-z0-9_]+)"" -> ""([A-Za-z0-9_]+)""")]
    private static partial Regex DotEdge();

    [GeneratedRegex(@"^""([A-Za-z0-9_]+)"" \[label=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex DotNode();

    [GeneratedRegex(@"^subgraph ([A-Za-z0-9_]+)\[""[^""]*""\]$")]
    private static partial Regex SubgraphLine();

    [GeneratedRegex(@"^([A-Za-z0-9_]+) (?:-->|-\.->)(?:\|""[^""]*""\|)? ([A-Za-z0-9_]+)$")]
    private static partial Regex EdgeLine();

    [GeneratedRegex(@"^([A-Za-z0-9_]+)(?:\[""[^""]*""\]|\{\{""[^""]*""\}\}|\(\[""[^""]*""\]\)|\[/""[^""]*""/\])$")]
    private static partial Regex NodeLine();
}
