using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Tests.Support;
using MeshInfra.Model.Planning;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Tests;

/// <summary>What <c>render --layout kubectl</c> writes: manifests kubectl takes as is, Helm values, and no placeholder anywhere.</summary>
public sealed class KubectlLayoutTests
{
    public static TheoryData<string> Stacks => new() { "dev", "prod" };

    private static (string Path, MeshPlan Plan) Stack(string name) =>
        name == "dev" ? (Repo.DevStack, RepoStacks.Dev.Plan) : (Repo.ProdStack, RepoStacks.Prod.Plan);

    [Theory]
    [MemberData(nameof(Stacks))]
    public void ManifestsFolderHoldsOnlyKubernetesObjects(string name)
    {
        var (stack, plan) = Stack(name);
        using var temp = new TempDirectory();
        KubectlRender.Ok(stack, plan, temp.Path);

        foreach (var cluster in plan.Clusters)
        {
            var documents = KubectlRender.Documents(temp.Combine(cluster.Cluster.Name)).ToList();
            Assert.NotEmpty(documents);
            Assert.All(documents, d =>
            {
                var map = Assert.IsType<YamlMappingNode>(d.Document);
                Assert.False(string.IsNullOrEmpty(map.Text("apiVersion")), d.File);
                Assert.False(string.IsNullOrEmpty(map.Text("kind")), d.File);
                Assert.False(string.IsNullOrEmpty(map.Text("metadata", "name")), d.File);
            });
            // One object per file, and nothing kubectl would apply literally: no placeholder, no CA marker.
            Assert.Equal(documents.Count, documents.Select(d => d.File).Distinct().Count());
            Assert.All(documents, d => Assert.DoesNotContain("${", File.ReadAllText(d.File), StringComparison.Ordinal));
            Assert.All(documents, d => Assert.DoesNotContain("<generated at deploy time", File.ReadAllText(d.File), StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void EveryObjectOfThePlanIsInTheManifestsFolderExceptTheCacertsSecret(string name)
    {
        var (stack, plan) = Stack(name);
        using var temp = new TempDirectory();
        KubectlRender.Ok(stack, plan, temp.Path);

        foreach (var cluster in plan.Clusters)
        {
            var planned = cluster.Objects.Select(o => (o.Object.Kind, o.Object.Metadata.Namespace ?? "", o.Object.Metadata.Name))
                .Where(o => o != ("Secret", "istio-system", "cacerts"));
            // coredns-custom mode's ConfigMap is a whole object of MeshInfra's, so it is a manifest too.
            if (cluster.Dns is { Mode: Model.Config.DnsMode.CorednsCustom } dns)
            {
                planned = planned.Append(("ConfigMap", PlannedDnsChange.ConfigMapNamespace, dns.ConfigMapName));
            }

            var rendered = KubectlRender.Documents(temp.Combine(cluster.Cluster.Name))
                .Select(d => (d.Document.Text("kind"), TryText(d.Document, "metadata", "namespace"), d.Document.Text("metadata", "name")));

            Assert.Equal(planned.Order(), rendered.Order());
        }
    }

    [Fact]
    public void ManifestFileNamesSortInApplyOrder()
    {
        using var temp = new TempDirectory();
        KubectlRender.Ok(Repo.DevStack, RepoStacks.Dev.Plan, temp.Path);

        var names = Directory.GetFiles(temp.Combine("cluster1", KubectlRenderer.Manifests)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        int Index(string suffix) => names.FindIndex(n => n!.EndsWith(suffix, StringComparison.Ordinal));

        Assert.True(Index("-namespace-istio-system.yaml") < Index("-serviceentry-istio-system-httpbin.bar.global.yaml"));
        Assert.True(Index("-serviceaccount-foo-sleep.yaml") < Index("-deployment-foo-sleep.yaml"));
        Assert.True(Index("-service-foo-sleep.yaml") < Index("-deployment-foo-sleep.yaml"));
    }

    [Fact]
    public void HelmValuesCaProfileAndServerBlockStayOutOfTheManifestsFolder()
    {
        using var temp = new TempDirectory();
        KubectlRender.Ok(Repo.DevStack, RepoStacks.Dev.Plan, temp.Path);

        Assert.Equal(
            ["02-istio-base.values.yaml", "04-istiod.values.yaml", "05-istio-eastwestgateway.values.yaml", "05-istio-ingressgateway.values.yaml"],
            Directory.GetFiles(temp.Combine("cluster1", KubectlRenderer.Helm)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Single(Directory.GetFiles(temp.Combine("cluster1", KubectlRenderer.Ca), "*-certificate-ca-intermediate.yaml"));
        var block = File.ReadAllText(temp.Combine("cluster1", KubectlRenderer.CoreDns, "global.server"));
        Assert.StartsWith("# BEGIN meshinfra global\nglobal:53 {", block, StringComparison.Ordinal);
        Assert.Contains("answer \"httpbin.bar.global. 30 IN A 240.0.18.109\"", block, StringComparison.Ordinal);
        Assert.EndsWith("# END meshinfra global\n", block, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(temp.Combine("cluster1", KubectlRenderer.Manifests)), f => f.Contains("corefile", StringComparison.Ordinal) || f.Contains("helm", StringComparison.Ordinal));
    }

    [Fact]
    public void PlaceholdersAreRefusedWithExit2NamingEveryMissingKey()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Run("render", Repo.DevStack, "--out", temp.Combine("out"), "--layout", "kubectl", "--set", "cluster2.gatewayAddress=203.0.113.7");

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.ErrorLines);
        Assert.StartsWith("--layout kubectl:", error, StringComparison.Ordinal);
        Assert.Contains("give every value known only at deploy time: --set cluster1.gatewayAddress=ADDRESS (plan lists them)", error, StringComparison.Ordinal);

        // Only what a rendered file holds is required: the ingress addresses are settable, never needed here.
        Assert.DoesNotContain("ingressAddress", error, StringComparison.Ordinal);
        Assert.DoesNotContain("--set cluster2.gatewayAddress", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("out")));
    }

    [Fact]
    public void DefaultLayoutStillRendersPlaceholders()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);

        Assert.False(Directory.Exists(temp.Combine("cluster1", KubectlRenderer.Manifests)));
        Assert.Contains(RenderedTree.Texts(temp.Path), t => t.Contains("${cluster1.gatewayAddress}", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnknownLayoutIsExit2NamingTheFlag()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Run("render", Repo.DevStack, "--out", temp.Path, "--layout", "helm");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--layout 'helm': unknown layout; use --layout kubectl", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRenderOwnsItsSubfoldersAndRefusesAFileAddedToThem()
    {
        using var temp = new TempDirectory();
        KubectlRender.Ok(Repo.DevStack, RepoStacks.Dev.Plan, temp.Path);
        // Again over its own output, then back to the default layout: both replace what it wrote.
        KubectlRender.Ok(Repo.DevStack, RepoStacks.Dev.Plan, temp.Path);
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        KubectlRender.Ok(Repo.DevStack, RepoStacks.Dev.Plan, temp.Path);

        File.WriteAllText(temp.Combine("cluster1", KubectlRenderer.Manifests, "99-mine.yaml"), "kind: Mine\n");
        Directory.CreateDirectory(temp.Combine("cluster2", "notes"));
        var before = RenderedTree.All(temp.Path);
        var result = KubectlRenderRun(temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'cluster1/manifests/99-mine.yaml' was not written by meshinfra render", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'cluster2/notes' was not written by meshinfra render", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before.Keys, RenderedTree.All(temp.Path).Keys);
    }

    [Fact]
    public void TraceRefusesAKubectlLayoutRenderInsteadOfTracingEmptyClusters()
    {
        using var temp = new TempDirectory();
        KubectlRender.Ok(Repo.DevStack, RepoStacks.Dev.Plan, temp.Path);

        var result = CliRunner.Run("trace", Repo.DevStack, "--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000", "--objects", temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("a render made with --layout kubectl; give a folder rendered without --layout", result.Stderr, StringComparison.Ordinal);
    }

    private static CliResult KubectlRenderRun(string outDir) =>
        CliRunner.Run(["render", Repo.DevStack, "--out", outDir, "--layout", "kubectl", .. KubectlRender.AllSets(RepoStacks.Dev.Plan)]);

    private static string TryText(YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return "";
            }

            current = next;
        }

        return ((YamlScalarNode)current).Value ?? "";
    }
}
