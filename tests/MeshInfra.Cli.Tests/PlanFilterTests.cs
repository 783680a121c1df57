using System.Text;
using System.Text.RegularExpressions;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>plan and graph cut down with --cluster and --host, and plan --summary readable at 100 clusters.</summary>
public sealed class PlanFilterTests
{
    /// <summary>A stack of <paramref name="clusters"/> clusters, each serving one service.</summary>
    private static string Wide(int clusters)
    {
        var text = new StringBuilder("config:\n  mesh-infra:mesh:\n    meshId: wide\n    clusters:\n");
        for (var c = 1; c <= clusters; c++)
        {
            text.Append($"      - name: c{c}\n        context: ctx-c{c}\n        network: net{c}\n");
        }

        text.Append("    services:\n");
        for (var c = 1; c <= clusters; c++)
        {
            text.Append($"      - name: s{c}\n        namespace: shop\n        ports: [{{ name: http, number: 8080, protocol: HTTP }}]\n        clusters: [c{c}]\n");
        }

        return text.ToString();
    }

    [Fact]
    public void ClusterFilterShowsThatClusterItsHostsAndItsApplySteps()
    {
        var plan = CliRunner.Ok("plan", Repo.DevStack, "--cluster", "cluster1").Stdout;

        Assert.Contains("  Showing only clusters cluster1, and what they serve, consume and route (--cluster, --host)\n", plan, StringComparison.Ordinal);
        Assert.Contains("\nCluster cluster1 ", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("\nCluster cluster2 ", plan, StringComparison.Ordinal);
        var scopes = PlanText.Section(plan, "Apply order").Skip(1).Select(r => PlanText.Columns(r)[2]).Distinct().ToList();
        Assert.Equal(["mesh", "cluster1"], scopes);
        Assert.Equal(RepoStacks.Dev.Plan.GlobalHosts.Length, PlanText.Section(plan, "Global hosts").Length - 1);
    }

    [Fact]
    public void HostFilterShowsOneHostItsRouteAndItsObjects()
    {
        var plan = CliRunner.Ok("plan", Repo.DevStack, "--host", "reviews.default.global").Stdout;

        Assert.Equal(["reviews.default.global"], PlanText.Section(plan, "Global hosts").Skip(1).Select(r => PlanText.Columns(r)[0]));
        Assert.Equal("  reviews.default.global for clients in cluster1", PlanText.Section(plan, "Routes")[0]);
        var resources = PlanText.Section(plan, "Apply order").Skip(1).Select(r => PlanText.Columns(r)[3]).ToList();
        Assert.Equal(6, resources.Count);
        Assert.All(resources, r => Assert.Matches("reviews(.default.global(.exported)?|-default-routes)$", r));
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("graph")]
    public void UnknownClusterOrHostIsOneErrorEach(string command)
    {
        var result = CliRunner.Run(command, Repo.DevStack, "--cluster", "cluster9", "--host", "nope.default.global");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [
                "--cluster cluster9: not a cluster of this mesh (known: cluster1, cluster2)",
                "--host nope.default.global: not a global host of this mesh (known: details.default.global, httpbin.bar.global, productpage.default.global, ratings.default.global, reviews.default.global)",
            ],
            result.ErrorLines);
    }

    [Fact]
    public void GraphFilterDrawsOnlyTheClusterAndEdgesBetweenWhatItDraws()
    {
        var full = CliRunner.Ok("graph", Repo.DevStack, "--format", "dot").Stdout;
        var one = CliRunner.Ok("graph", Repo.DevStack, "--format", "dot", "--cluster", "cluster2").Stdout;

        Assert.Contains("cluster cluster1", full, StringComparison.Ordinal);
        Assert.DoesNotContain("cluster cluster1", one, StringComparison.Ordinal);
        Assert.Contains("cluster cluster2", one, StringComparison.Ordinal);
        var declared = Regex.Matches(one, @"^\s*""(\w+)"" \[", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        var edges = Regex.Matches(one, @"^\s*""(\w+)"" -> ""(\w+)"".*$", RegexOptions.Multiline).ToList();
        Assert.All(edges, e => Assert.True(declared.Contains(e.Groups[1].Value) && declared.Contains(e.Groups[2].Value), $"edge to an undrawn node: {e.Value}"));

        // cluster2 serves httpbin, ratings v1 and reviews v2 and v3 through its east-west gateway, and its
        // workloads consume the two hosts served only from cluster1; the other seven edges of the whole mesh
        // start or end in cluster1 (its workloads, its route, its east-west gateway).
        Assert.Equal(
            [
                "\"cl_cluster2_workloads\" -> \"host_details_default_global\" [style=dashed];",
                "\"host_httpbin_bar_global\" -> \"cl_cluster2_eastwest\";",
                "\"cl_cluster2_workloads\" -> \"host_productpage_default_global\" [style=dashed];",
                "\"host_ratings_default_global\" -> \"cl_cluster2_eastwest\" [label=\"v1\"];",
                "\"host_reviews_default_global\" -> \"cl_cluster2_eastwest\" [label=\"v2 v3\"];",
            ],
            edges.Select(e => e.Value.Trim()));
        Assert.Equal(12, Regex.Matches(full, @"^\s*""\w+"" -> ""\w+""", RegexOptions.Multiline).Count);
    }

    [Fact]
    public void SummaryOfAHundredClustersIsAHundredAndEightLines()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.wide.yaml", Wide(100));

        var summary = CliRunner.Ok("plan", path, "--summary").Stdout.TrimEnd('\n').Split('\n');

        // Three lines of mesh header, a blank, the column header, one row per cluster, a blank and two of hints.
        Assert.Equal(108, summary.Length);
        Assert.Equal(["CLUSTER", "NETWORK", "EAST-WEST", "INGRESS", "DNS", "RESOURCES", "SERVES", "CONSUMES", "ROUTES"], PlanText.Columns(summary[4]));
        Assert.Equal(["c7", "net7", "loadBalancer", "-", "corefile"], PlanText.Columns(summary.Single(l => l.StartsWith("  c7 ", StringComparison.Ordinal)))[..5]);
        Assert.Equal(["1", "99", "0"], PlanText.Columns(summary.Single(l => l.StartsWith("  c7 ", StringComparison.Ordinal)))[6..]);
    }
}
