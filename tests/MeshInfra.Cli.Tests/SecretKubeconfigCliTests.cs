using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// A cluster's kubeconfig given as a Pulumi secret (<c>secure:</c>): validate, plan, diff and render
/// work without it, never print its ciphertext, and the kubectl layout says how to supply it.
/// </summary>
public sealed class SecretKubeconfigCliTests
{
    private const string Ciphertext = "v1:AAAABBBBccccDDDD";
    private static readonly string Dev = File.ReadAllText(Repo.DevStack);

    private static string WithSecret(string ciphertext) =>
        Dev.Replace("        context: kind-cluster1\n", $"        context: kind-cluster1\n        kubeconfig:\n          secure: {ciphertext}\n", StringComparison.Ordinal);

    [Fact]
    public void PlanSaysTheKubeconfigIsASecretSuppliedAtDeployAndNeverPrintsIt()
    {
        using var temp = new TempDirectory();
        var stack = temp.File("Pulumi.dev.yaml", WithSecret(Ciphertext));
        Assert.NotEqual(Dev, File.ReadAllText(stack));

        CliRunner.Ok("validate", stack);
        var plan = CliRunner.Ok("plan", stack);

        Assert.Contains("Cluster cluster1 (context kind-cluster1, network network1)\n  Kubeconfig: secret kubeconfig, value supplied by Pulumi at deploy\n", plan.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Ciphertext, plan.Stdout + plan.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DiffSaysTheSecretWasSetAgainWithoutPrintingEitherCiphertext()
    {
        using var temp = new TempDirectory();
        var before = temp.File("Pulumi.a.yaml", WithSecret(Ciphertext));
        var after = temp.File("Pulumi.b.yaml", WithSecret("v1:EEEEffffGGGG"));

        var stdout = CliRunner.Ok("diff", before, after).Stdout;
        var added = CliRunner.Ok("diff", temp.File("Pulumi.c.yaml", Dev), before).Stdout;

        Assert.Contains("\n  ! cluster cluster1: kubeconfig (a Pulumi secret) set again: its ciphertext differs, the value is not shown (and may be the same)\n", stdout, StringComparison.Ordinal);
        Assert.Contains("\n  ! cluster cluster1: kubeconfig (the ambient kubeconfig) -> (a Pulumi secret, not shown)\n", added, StringComparison.Ordinal);
        Assert.DoesNotContain("No changes", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("v1:", stdout + added, StringComparison.Ordinal);
    }

    [Fact]
    public void TheKubectlLayoutStopsBeforeAnythingWithoutKubeconfigAndRunsWithIt()
    {
        using var temp = new TempDirectory();
        var stack = temp.File("Pulumi.dev.yaml", WithSecret(Ciphertext));
        CliRunner.Ok(["render", stack, "--out", temp.Combine("out"), "--layout", "kubectl", .. KubectlRender.AllSets(RepoStacks.Dev.Plan)]);
        var script = temp.Combine("out", "cluster1", KubectlRenderer.Script);
        var ca = temp.Combine("ca");
        CaFiles.Write(ca, CaFiles.Root("root"), "cluster1");

        var without = StubbedScript.Run(temp, script, ca, kubeconfig: null, out var noCalls);
        var with = StubbedScript.Run(temp, script, ca, kubeconfig: temp.File("kubeconfig", "apiVersion: v1\n"), out var calls);

        Assert.Equal(2, without.ExitCode);
        Assert.Empty(noCalls);
        Assert.Equal(
            "cluster cluster1: its kubeconfig is a Pulumi secret that meshinfra never decrypts; set KUBECONFIG to a file holding it (pulumi config get --path 'mesh.clusters[0].kubeconfig' > FILE, outside the repository)",
            without.Stderr.TrimEnd('\n'));
        Assert.True(with.ExitCode == 0, with.Stderr);
        Assert.NotEmpty(calls);
        // kubectl and helm read KUBECONFIG: no --kubeconfig argument names anything of the stack's.
        Assert.DoesNotContain(calls, call => call.Contains("--kubeconfig"));
        Assert.DoesNotContain(Ciphertext, File.ReadAllText(script), StringComparison.Ordinal);
    }
}
