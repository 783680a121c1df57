using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// The kubectl layout's apply.sh: the CA files are checked as one CA of the mesh before anything is
/// applied; every owned object carries the stack's labels; kubeconfig paths resolve as kubectl would;
/// the CoreDNS step is repeated last and <c>meshinfra coredns splice</c> makes it. The pruning itself is
/// proven against a real API server in KubectlEnvtestTests.
/// </summary>
public sealed class KubectlPruneAndCaTests
{
    private static readonly string Dev = File.ReadAllText(Repo.DevStack);

    /// <summary>Runs cluster1's apply.sh with stand-ins; the kubectl stand-in prints <paramref name="otherRoot"/> as cluster2's cacerts root.</summary>
    private static ScriptRun Run(TempDirectory temp, string script, string cacerts, string? otherRoot = null)
    {
        var bin = temp.Combine("bin");
        Directory.CreateDirectory(bin);
        var calls = temp.Combine("calls.log");
        File.WriteAllText(calls, "");
        var root = temp.Combine("other-root.b64");
        File.WriteAllText(root, otherRoot is null ? "" : Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(otherRoot)));
        StubTools.Write(bin, "kubectl", "#!/usr/bin/env bash\necho \"kubectl $*\" >> \"$CALLS\"\nif [[ \"$*\" == *\"get secret cacerts\"* ]]; then cat \"$OTHER_ROOT\"; fi\n");
        StubTools.Write(bin, "helm", "#!/usr/bin/env bash\necho \"helm $*\" >> \"$CALLS\"\n");
        var (exitCode, stderr) = StubTools.Run(script, bin, new Dictionary<string, string?>
        {
            ["CALLS"] = calls,
            ["OTHER_ROOT"] = root,
            [ApplyScript.CacertsVariable] = cacerts,
        });
        return new ScriptRun(exitCode, stderr, [.. File.ReadAllLines(calls)]);
    }

    private static string Render(TempDirectory temp, string? stackText = null)
    {
        var stack = stackText is null ? Repo.DevStack : temp.File("Pulumi.dev.yaml", stackText);
        if (stackText is not null)
        {
            File.Copy(Path.Combine(Repo.Root, "Pulumi.yaml"), temp.Combine("Pulumi.yaml"));
        }

        KubectlRender.Ok(stack, RepoStacks.Dev.Plan, temp.Combine("out"));
        return temp.Combine("out", "cluster1", KubectlRenderer.Script);
    }

    private static void AssertRefusedBeforeAnyChange(ScriptRun run, string message)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Calls, c => c.Contains(" apply ", StringComparison.Ordinal) || c.StartsWith("helm ", StringComparison.Ordinal) || c.Contains(" create ", StringComparison.Ordinal) || c.Contains(" delete ", StringComparison.Ordinal));
    }

    [Fact]
    public void AKeyThatIsNotTheCertificatesIsRefusedBeforeAnythingIsApplied()
    {
        using var temp = new TempDirectory();
        var script = Render(temp);
        var ca = temp.Combine("ca");
        CaFiles.Write(ca, CaFiles.Root("root"), "cluster1");
        CaFiles.Write(temp.Combine("other"), CaFiles.Root("root"), "cluster1");
        File.Copy(temp.Combine("other", "ca-key.pem"), Path.Combine(ca, "ca-key.pem"), overwrite: true);

        AssertRefusedBeforeAnyChange(Run(temp, script, ca), $"apply.sh: {ca}/ca-key.pem is not the key of {ca}/ca-cert.pem; nothing was applied");
    }

    [Fact]
    public void AnEmptyFileIsRefusedBeforeAnythingIsApplied()
    {
        using var temp = new TempDirectory();
        var script = Render(temp);
        var ca = temp.Combine("ca");
        CaFiles.Write(ca, CaFiles.Root("root"), "cluster1");
        File.WriteAllText(Path.Combine(ca, "root-cert.pem"), "");

        AssertRefusedBeforeAnyChange(Run(temp, script, ca), $"apply.sh: {ca}/root-cert.pem is not a PEM certificate; nothing was applied");
    }

    [Fact]
    public void AChainThatDoesNotEndAtTheRootIsRefused()
    {
        using var temp = new TempDirectory();
        var script = Render(temp);
        var ca = temp.Combine("ca");
        CaFiles.Write(ca, CaFiles.Root("root"), "cluster1");
        File.Copy(Path.Combine(ca, "ca-cert.pem"), Path.Combine(ca, "cert-chain.pem"), overwrite: true);

        AssertRefusedBeforeAnyChange(Run(temp, script, ca), $"apply.sh: {ca}/cert-chain.pem does not end at root-cert.pem (it is the intermediate, then the root); nothing was applied");
    }

    [Fact]
    public void AnIntermediateSignedByAnotherRootIsRefused()
    {
        using var temp = new TempDirectory();
        var script = Render(temp);
        var ca = temp.Combine("ca");
        CaFiles.Write(ca, CaFiles.Root("root"), "cluster1");
        var other = CaFiles.Root("another root");
        File.WriteAllText(Path.Combine(ca, "root-cert.pem"), other.CertPem + "\n");
        File.WriteAllText(Path.Combine(ca, "cert-chain.pem"), File.ReadAllText(Path.Combine(ca, "ca-cert.pem")) + other.CertPem + "\n");

        AssertRefusedBeforeAnyChange(Run(temp, script, ca), $"apply.sh: {ca}/ca-cert.pem is not signed by root-cert.pem through cert-chain.pem; nothing was applied");
    }

    [Fact]
    public void ARootOtherThanTheOneAnotherClusterHasIsRefused()
    {
        using var temp = new TempDirectory();
        var script = Render(temp);
        var ca = temp.Combine("ca");
        CaFiles.Write(ca, CaFiles.Root("root"), "cluster1");

        var run = Run(temp, script, ca, otherRoot: CaFiles.Root("cluster2's root").CertPem);

        AssertRefusedBeforeAnyChange(run, $"apply.sh: {ca}/root-cert.pem is not the root cluster cluster2 has (its cacerts Secret): every cluster of the mesh shares one root; nothing was applied");
        Assert.Contains(run.Calls, c => c.StartsWith("kubectl --context kind-cluster2 -n istio-system get secret cacerts", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSameRootAsAnotherClusterPassesAndTheScriptRunsToTheEnd()
    {
        using var temp = new TempDirectory();
        var script = Render(temp);
        var ca = temp.Combine("ca");
        var root = CaFiles.Root("root");
        CaFiles.Write(ca, root, "cluster1");

        var run = Run(temp, script, ca, otherRoot: root.CertPem);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains(run.Calls, c => c.StartsWith("helm upgrade --install istiod ", StringComparison.Ordinal));
        // The prune step asks for this stack's labelled objects, never for anything unlabelled.
        Assert.Contains(run.Calls, c => c.Contains(" get ", StringComparison.Ordinal) && c.Contains("--all-namespaces -l app.kubernetes.io/managed-by=meshinfra,meshinfra/stack=mesh-infra.dev", StringComparison.Ordinal));
        Assert.EndsWith("kubectl --context kind-cluster1 -n kube-system create configmap coredns --from-file=Corefile=Corefile --dry-run=client -o yaml | kubectl --context kind-cluster1 apply -f -\n", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("meshinfra coredns splice Pulumi.dev.yaml --cluster cluster1 --corefile Corefile", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryOwnedObjectCarriesTheStackLabelsAndPatchesDoNot()
    {
        using var temp = new TempDirectory();
        Render(temp);

        foreach (var (file, document) in KubectlRender.Documents(temp.Combine("out", "cluster1")))
        {
            var labels = (document as YamlDotNet.RepresentationModel.YamlMappingNode)?["metadata"] is YamlDotNet.RepresentationModel.YamlMappingNode meta && meta.Children.TryGetValue("labels", out var l) ? (YamlDotNet.RepresentationModel.YamlMappingNode)l : null;
            var owned = labels is not null && labels.Children.TryGetValue("app.kubernetes.io/managed-by", out var by) && by.ToString() == "meshinfra"
                && labels.Children.TryGetValue("meshinfra/stack", out var stack) && stack.ToString() == "mesh-infra.dev";
            // The default namespace is only labelled for injection: MeshInfra does not own it, so it is never pruned.
            Assert.True(file.EndsWith("-namespace-default.yaml", StringComparison.Ordinal) ? !owned : owned, file);
        }
    }

    [Theory]
    [InlineData("~/.kube/east.yaml", "--kubeconfig \"$HOME\"/.kube/east.yaml")]
    [InlineData("/etc/kube/east.yaml", "--kubeconfig /etc/kube/east.yaml")]
    public void AKubeconfigPathIsWrittenAsKubectlWouldReadIt(string kubeconfig, string flag)
    {
        using var temp = new TempDirectory();
        var script = Render(temp, Dev.Replace("        context: kind-cluster1\n", $"        context: kind-cluster1\n        kubeconfig: {kubeconfig}\n", StringComparison.Ordinal));

        Assert.Contains($"kubectl --context kind-cluster1 {flag} apply -f", File.ReadAllText(script), StringComparison.Ordinal);
    }

    [Fact]
    public void ARelativeKubeconfigIsTheStackFilesFolders()
    {
        using var temp = new TempDirectory();
        var script = Render(temp, Dev.Replace("        context: kind-cluster1\n", "        context: kind-cluster1\n        kubeconfig: kube/east.yaml\n", StringComparison.Ordinal));

        Assert.Contains($"kubectl --context kind-cluster1 --kubeconfig {temp.Combine("kube", "east.yaml")} apply -f", File.ReadAllText(script), StringComparison.Ordinal);
    }

    [Fact]
    public void CorednsSpliceAddsTheBlockOnceAndKeepsTheRestByteForByte()
    {
        using var temp = new TempDirectory();
        const string original = ".:53 {\n    errors\n    forward . /etc/resolv.conf\n}\n";
        var corefile = temp.File("Corefile", original);

        var first = CliRunner.Ok("coredns", "splice", Repo.DevStack, "--cluster", "cluster1", "--corefile", corefile);
        var spliced = File.ReadAllText(corefile);
        var second = CliRunner.Ok("coredns", "splice", Repo.DevStack, "--cluster", "cluster1", "--corefile", corefile);

        Assert.StartsWith(original + "# BEGIN meshinfra global\n", spliced, StringComparison.Ordinal);
        Assert.EndsWith("# END meshinfra global\n", spliced, StringComparison.Ordinal);
        Assert.Equal($"{corefile}: MeshInfra's global block spliced in (5 hosts); everything else unchanged\n", first.Stdout);
        Assert.Equal($"{corefile}: unchanged (MeshInfra's global block is already as planned)\n", second.Stdout);
        Assert.Equal(spliced, File.ReadAllText(corefile));
    }

    [Fact]
    public void CorednsSpliceRefusesACorefileThatAlreadyServesTheZoneAndLeavesItAlone()
    {
        using var temp = new TempDirectory();
        const string original = ".:53 {\n    errors\n}\nglobal:53 {\n    whoami\n}\n";
        var corefile = temp.File("Corefile", original);

        var result = CliRunner.Run("coredns", "splice", Repo.DevStack, "--cluster", "cluster1", "--corefile", corefile);

        Assert.Equal(2, result.ExitCode);
        Assert.EndsWith("the file was not changed", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllText(corefile));
    }
}
