using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// The kubectl layout's apply.sh, run with bash against stand-ins for kubectl and helm that record
/// their arguments: the order of the steps, the chart references, and the cacerts Secret made only
/// from the user's CA files. shellcheck runs in .ci/run over the golden script this test keeps equal
/// to a fresh render (Golden/kubectl/cluster1/apply.sh).
/// </summary>
public sealed class KubectlScriptTests
{
    private const string UpdateVariable = "MESHINFRA_UPDATE_GOLDEN";
    private const string Oci = "oci://ghcr.io/istio/release/charts";
    private const string Https = "https://blob.istio.io/istio-release/charts";

    [Fact]
    public void ScriptRunsHelmReleasesBaseIstiodGatewaysWithOciChartReferences()
    {
        using var temp = new TempDirectory();
        KubectlRender.Ok(Repo.DevStack, RepoStacks.Dev.Plan, temp.Path);

        var helm = KubectlRender.Commands(temp.Combine("cluster1", KubectlRenderer.Script)).Where(l => l.StartsWith("helm ", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            [
                $"helm upgrade --install istio-base {Oci}/base --version 1.31.1 --namespace istio-system --kube-context kind-cluster1 --values \"$here/helm/02-istio-base.values.yaml\" --wait",
                $"helm upgrade --install istiod {Oci}/istiod --version 1.31.1 --namespace istio-system --kube-context kind-cluster1 --values \"$here/helm/04-istiod.values.yaml\" --wait",
                $"helm upgrade --install istio-eastwestgateway {Oci}/gateway --version 1.31.1 --namespace istio-eastwest --kube-context kind-cluster1 --values \"$here/helm/05-istio-eastwestgateway.values.yaml\" --wait",
                $"helm upgrade --install istio-ingressgateway {Oci}/gateway --version 1.31.1 --namespace istio-ingress --kube-context kind-cluster1 --values \"$here/helm/05-istio-ingressgateway.values.yaml\" --wait",
            ],
            helm);
    }

    [Fact]
    public void AnHttpsRepositoryIsPassedWithRepoAndTheChartName()
    {
        using var temp = new TempDirectory();
        var stack = temp.File("Pulumi.https.yaml", File.ReadAllText(Repo.DevStack).Replace(
            "      version: \"1.31.1\"\n", $"      version: \"1.31.1\"\n      chartRepository: {Https}\n", StringComparison.Ordinal));
        KubectlRender.Ok(stack, RepoStacks.Dev.Plan, temp.Combine("out"));

        var helm = KubectlRender.Commands(temp.Combine("out", "cluster2", KubectlRenderer.Script)).Where(l => l.StartsWith("helm ", StringComparison.Ordinal)).ToList();

        Assert.Equal(4, helm.Count);
        Assert.StartsWith($"helm upgrade --install istio-base --repo {Https} base --version 1.31.1 --namespace istio-system --kube-context kind-cluster2 ", helm[0], StringComparison.Ordinal);
        Assert.StartsWith($"helm upgrade --install istiod --repo {Https} istiod --version 1.31.1 ", helm[1], StringComparison.Ordinal);
        Assert.StartsWith($"helm upgrade --install istio-eastwestgateway --repo {Https} gateway --version 1.31.1 ", helm[2], StringComparison.Ordinal);
        Assert.DoesNotContain(helm, h => h.Contains("oci://", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutTheCaFilesTheScriptStopsBeforeApplyingAnything()
    {
        using var temp = new TempDirectory();
        KubectlRender.Ok(Repo.DevStack, RepoStacks.Dev.Plan, temp.Combine("out"));

        var run = RunScript(temp, temp.Combine("out", "cluster1", KubectlRenderer.Script), cacertsDir: null);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("set MESHINFRA_CACERTS_DIR to a directory holding cluster1's ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Calls);

        var partial = temp.Combine("partial");
        Directory.CreateDirectory(partial);
        File.WriteAllText(Path.Combine(partial, "ca-cert.pem"), "x");
        var missing = RunScript(temp, temp.Combine("out", "cluster1", KubectlRenderer.Script), partial);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("ca-key.pem is missing", missing.Stderr, StringComparison.Ordinal);
        Assert.Empty(missing.Calls);
    }

    [Fact]
    public void ScriptAppliesEveryStepOnceInDependencyOrder()
    {
        using var temp = new TempDirectory();
        KubectlRender.Ok(Repo.DevStack, RepoStacks.Dev.Plan, temp.Combine("out"));
        var cluster = temp.Combine("out", "cluster1");
        var ca = temp.Combine("ca");
        CaFiles.Write(ca, CaFiles.Root("root"), "cluster1");

        var run = RunScript(temp, Path.Combine(cluster, KubectlRenderer.Script), ca);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var calls = run.Calls;
        int Index(string fragment) => calls.FindIndex(c => c.Contains(fragment, StringComparison.Ordinal));

        // Every manifest is applied exactly once, with the cluster's context.
        var manifests = Directory.GetFiles(Path.Combine(cluster, KubectlRenderer.Manifests)).Order(StringComparer.Ordinal).ToList();
        Assert.All(manifests, m => Assert.Single(calls, c => c == $"kubectl --context kind-cluster1 apply -f {m}"));

        var istiod = Index("helm upgrade --install istiod ");
        var secret = Index("create secret generic cacerts");
        Assert.True(Index("apply -f " + Path.Combine(cluster, KubectlRenderer.Manifests, "01-namespace-istio-system.yaml")) < Index("helm upgrade --install istio-base "));
        Assert.True(Index("helm upgrade --install istio-base ") < secret);
        Assert.True(secret < istiod);
        Assert.True(istiod < Index("helm upgrade --install istio-eastwestgateway "));
        Assert.True(istiod < Index("helm upgrade --install istio-ingressgateway "));
        // root-cert.pem comes from the script's work folder, where the checked roots were put together.
        Assert.Matches(
            "^" + System.Text.RegularExpressions.Regex.Escape($"kubectl --context kind-cluster1 create secret generic cacerts --namespace istio-system --from-file=ca-cert.pem={ca}/ca-cert.pem --from-file=ca-key.pem={ca}/ca-key.pem --from-file=root-cert.pem=") + "[^ ]+/root-cert\\.pem" + System.Text.RegularExpressions.Regex.Escape($" --from-file=cert-chain.pem={ca}/cert-chain.pem --dry-run=client -o yaml") + "$",
            calls[secret]);
        // The two sides of the pipe run at once, so only the pipe as a whole is ordered before istiod. The
        // Secret goes in by server-side apply, so no last-applied annotation holds a copy of the CA key.
        Assert.DoesNotContain(calls, c => c.EndsWith(" apply -f -", StringComparison.Ordinal));
        Assert.True(calls.IndexOf("kubectl --context kind-cluster1 apply --server-side --field-manager meshinfra -f -") is var apply && apply >= 0 && apply < istiod);

        // Istio's custom resources need istiod's validating webhook: all come after it.
        var istioObjects = KubectlRender.Documents(cluster).Where(d => d.Document.Text("apiVersion").Contains("istio.io", StringComparison.Ordinal)).Select(d => d.File).ToList();
        Assert.NotEmpty(istioObjects);
        Assert.All(istioObjects, f => Assert.True(Index("apply -f " + f) > istiod, f));

        // The Corefile edit is printed as a manual step, not applied.
        Assert.Contains("MANUAL STEP (CoreDNS): add the server block in coredns/global.server", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(calls, c => c.Contains("coredns", StringComparison.Ordinal));
    }

    [Fact]
    public void CorednsCustomConfigMapIsAppliedByTheScript()
    {
        using var temp = new TempDirectory();
        KubectlRender.Ok(Repo.ProdStack, RepoStacks.Prod.Plan, temp.Path);

        var configMap = Directory.GetFiles(temp.Combine("dc-frankfurt", KubectlRenderer.Manifests), "*-configmap-kube-system-coredns-custom.yaml").Single();
        var commands = KubectlRender.Commands(temp.Combine("dc-frankfurt", KubectlRenderer.Script));

        Assert.Contains($"kubectl --context admin@dc-frankfurt apply -f \"$here/manifests/{Path.GetFileName(configMap)}\"", commands);
        Assert.Contains("meshinfra-global.server", ((YamlMappingNode)YamlDocs.Load(configMap).At("data")).Children.Keys.Select(k => k.ToString()));
        Assert.DoesNotContain(commands, c => c.Contains("MANUAL", StringComparison.Ordinal));
    }

    [Fact]
    public void GoldenScriptMatchesAFreshRender()
    {
        using var temp = new TempDirectory();
        KubectlRender.Ok(Repo.DevStack, RepoStacks.Dev.Plan, temp.Path);
        var actual = File.ReadAllText(temp.Combine("cluster1", KubectlRenderer.Script));
        var golden = Repo.Golden("kubectl", "cluster1", KubectlRenderer.Script);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, actual);
        }

        Assert.Equal(File.ReadAllText(golden), actual);
    }

    private static ScriptRun RunScript(TempDirectory temp, string script, string? cacertsDir) => StubbedScript.Run(temp, script, cacertsDir);
}
