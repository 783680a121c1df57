using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// The kubectl path through an Istio upgrade reaches what <c>pulumi up</c> reaches: apply.sh, run
/// against stand-ins for kubectl and helm (helm lists the istiod releases the cluster holds), makes
/// the handover's deactivation before the default tag, uninstalls every istiod release the stack no
/// longer has last, and keeps the ones it has. <c>diff</c> names those releases and their order.
/// </summary>
public sealed class UpgradeScriptTests
{
    private static readonly string Dev = File.ReadAllText(Repo.DevStack);

    private static string WithIstio(string istioBlock) =>
        Dev.Replace("    istio:\n      version: \"1.31.1\"\n", istioBlock, StringComparison.Ordinal);

    private static readonly string Canary = WithIstio("    istio:\n      version: \"1.31.1\"\n      revision: 1-31-1\n      upgradeFrom:\n        version: \"1.30.3\"\n");
    private static readonly string Handover = WithIstio("    istio:\n      version: \"1.31.1\"\n      revision: 1-31-1\n      upgradeFrom:\n        version: \"1.30.3\"\n        handover: true\n");
    private static readonly string Plain130 = WithIstio("    istio:\n      version: \"1.30.3\"\n");

    [Fact]
    public void TheHandoverDeactivatesTheOldInjectorThenMovesTheTagThenUninstallsTheOldIstiod()
    {
        using var temp = new TempDirectory();
        var run = Apply(temp, Handover, installed: ["istio-system istiod", "istio-system istiod-1-31-1"], injectorExists: true);

        var patch = run.Calls.FindIndex(c => c.Contains("apply --server-side --force-conflicts --field-manager meshinfra -f ", StringComparison.Ordinal) && c.EndsWith("-mutatingwebhookconfiguration-istio-sidecar-injector.yaml", StringComparison.Ordinal));
        var tag = run.Calls.FindIndex(c => c.EndsWith("-mutatingwebhookconfiguration-istio-revision-tag-default.yaml", StringComparison.Ordinal));
        Assert.True(patch >= 0 && tag == patch + 1, string.Join('\n', run.Calls));
        Assert.Equal(["helm uninstall istiod --namespace istio-system --kube-context kind-cluster1 --wait"], Uninstalls(run));
        Assert.Equal("helm uninstall istiod --namespace istio-system --kube-context kind-cluster1 --wait", run.Calls[^1]);
        Assert.Contains("apply.sh: uninstalling Helm release istio-system/istiod, which the stack no longer has", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RunAgainAfterTheHandoverTheScriptPatchesNothingAndUninstallsNothing()
    {
        using var temp = new TempDirectory();
        var run = Apply(temp, Handover, installed: ["istio-system istiod-1-31-1"], injectorExists: false);

        // The webhook patch is the forced server-side apply (cacerts is applied server-side too, unforced).
        Assert.DoesNotContain(run.Calls, c => c.Contains("--server-side --force-conflicts", StringComparison.Ordinal));
        Assert.Empty(Uninstalls(run));
    }

    [Fact]
    public void ARollbackUninstallsTheCanaryAndKeepsTheOldControlPlane()
    {
        using var temp = new TempDirectory();
        var run = Apply(temp, Plain130, installed: ["istio-system istiod", "istio-system istiod-1-31-1"], injectorExists: true);

        Assert.Equal("helm uninstall istiod-1-31-1 --namespace istio-system --kube-context kind-cluster1 --wait", run.Calls[^1]);
        Assert.Equal(["helm uninstall istiod-1-31-1 --namespace istio-system --kube-context kind-cluster1 --wait"], Uninstalls(run));
        Assert.Contains(run.Calls, c => c.StartsWith("helm upgrade --install istiod ", StringComparison.Ordinal));
    }

    [Fact]
    public void DiffNamesTheReleasesTheHandoverUninstallsAndTheirOrder()
    {
        using var temp = new TempDirectory();
        var stdout = CliRunner.Ok("diff", temp.File("Pulumi.canary.yaml", Canary), temp.File("Pulumi.handover.yaml", Handover)).Stdout;

        Assert.Contains("Helm releases the stack no longer has (pulumi up deletes them last; apply.sh uninstalls them at its end, an old east-west gateway once no other cluster dials it, and only a release whose values carry MeshInfra's marker (annotation meshinfra.io/managed-by: meshinfra): one without it is left in place, with a line saying so)\n  cluster1: helm uninstall istio-system/istiod (istiod 1.30.3), after every other change of the run\n", stdout, StringComparison.Ordinal);
        Assert.Contains("  1. cluster1: istio-base: default revision default -> 1-31-1", stdout, StringComparison.Ordinal);
        Assert.Contains("  2. cluster1: deactivate the injector of istiod (MutatingWebhookConfiguration istio-sidecar-injector: every selector matches nothing, as istioctl tag set default does)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void DiffShowsTheDeactivationAsAChangeToTheOldInjectorWithItsReasonAndTheNextRunAsForgettingIt()
    {
        using var temp = new TempDirectory();
        var stdout = CliRunner.Ok("diff", temp.File("Pulumi.canary.yaml", Canary), temp.File("Pulumi.handover.yaml", Handover)).Stdout;
        var cluster1 = stdout.Split('\n').SkipWhile(l => l != "cluster cluster1").TakeWhile(l => l.Length > 0).ToList();

        Assert.StartsWith("2 resources added, 2 changed, 2 removed, 2 existing objects patched\n", stdout.Split('\n', 2)[1], StringComparison.Ordinal);
        Assert.DoesNotContain(cluster1, l => l.StartsWith("  + ", StringComparison.Ordinal) && l.Contains("istio-sidecar-injector", StringComparison.Ordinal));
        var patch = cluster1.FindIndex(l => l.StartsWith("  ~ [", StringComparison.Ordinal) && l.Contains("] MutatingWebhookConfiguration istio-sidecar-injector, patched, not created: the handover's deactivation of the old istiod's injector, whose webhooks then match nothing (as istioctl tag set default does), right before the default revision tag takes the default labels; istiod's uninstall deletes the object at the end of the run  (MutatingWebhookConfiguration/istio-sidecar-injector)", StringComparison.Ordinal));
        Assert.True(patch > 0, string.Join('\n', cluster1));
        Assert.Equal(
            [
                "      ~ webhooks[name=rev.namespace.sidecar-injector.istio.io].namespaceSelector: (the chart's, as in the cluster) -> matchLabels istio.io/deactivated=never-match (no object carries it: matches nothing)",
                "      ~ webhooks[name=rev.namespace.sidecar-injector.istio.io].objectSelector: (the chart's, as in the cluster) -> matchLabels istio.io/deactivated=never-match (no object carries it: matches nothing)",
            ],
            cluster1.Skip(patch + 1).Take(2));
        Assert.Equal(8, cluster1.Skip(patch + 1).TakeWhile(l => l.StartsWith("      ~ webhooks[name=", StringComparison.Ordinal)).Count());
        // The tag comes right after the deactivation.
        Assert.StartsWith("  + [", cluster1[patch + 9], StringComparison.Ordinal);
        Assert.EndsWith("MutatingWebhookConfiguration istio-revision-tag-default  (MutatingWebhookConfiguration/istio-revision-tag-default)", cluster1[patch + 9], StringComparison.Ordinal);

        var done = CliRunner.Ok("diff", temp.File("Pulumi.handover2.yaml", Handover), temp.File("Pulumi.done.yaml", WithIstio("    istio:\n      version: \"1.31.1\"\n      revision: 1-31-1\n"))).Stdout;
        Assert.Contains("  - MutatingWebhookConfiguration istio-sidecar-injector, patch dropped: the deactivation is forgotten, not undone (the object went with istiod's release)  (MutatingWebhookConfiguration/istio-sidecar-injector)\n", done, StringComparison.Ordinal);
    }

    [Fact]
    public void LeavingACanaryWithoutItsHandoverIsCalledOut()
    {
        using var temp = new TempDirectory();
        var skip = WithIstio("    istio:\n      version: \"1.31.1\"\n      revision: 1-31-1\n");
        var stdout = CliRunner.Ok("diff", temp.File("Pulumi.canary.yaml", Canary), temp.File("Pulumi.done.yaml", skip)).Stdout;

        Assert.Contains(
            "Caution: Leaves the canary without its handover: istiod is uninstalled last, after the default revision moved, so for a moment two injectors serve istio-injection=enabled and pods created then get the old sidecar. Run the handover first: istio.upgradeFrom: {version: \"1.30.3\", handover: true}.",
            stdout,
            StringComparison.Ordinal);
    }

    private static ScriptRun Apply(TempDirectory temp, string stackText, string[] installed, bool injectorExists)
    {
        var stack = temp.File("Pulumi.upgrade.yaml", stackText);
        var outDir = temp.Combine("out");
        KubectlRender.Ok(stack, StackLoader.Load(stack).Plan, outDir);
        var ca = temp.Combine("ca");
        // apply.sh checks the CA files are one CA of the mesh before anything is applied: real ones.
        CaFiles.Write(ca, CaFiles.Root("root"), "cluster1");
        var clusters = new HelmClusters(temp);
        clusters.Install("kind-cluster1", installed);
        clusters.Injector("kind-cluster1", injectorExists);
        return clusters.Apply(Path.Combine(outDir, "cluster1", KubectlRenderer.Script), ca);
    }

    private static List<string> Uninstalls(ScriptRun run) => run.Calls.Where(c => c.StartsWith("helm uninstall", StringComparison.Ordinal)).ToList();
}
