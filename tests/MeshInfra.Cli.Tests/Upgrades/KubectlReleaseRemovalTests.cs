using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Upgrades;

/// <summary>
/// apply.sh, run against a helm that keeps the cluster's releases and their values, uninstalls exactly
/// the Helm releases the stack no longer has whose values carry MeshInfra's marker, last and gateways
/// first, and nothing of anyone else's (in another namespace, or with one of MeshInfra's names but no
/// marker: left with a line saying so); an old east-west gateway stays while another cluster dials it.
/// <c>diff</c> names the same releases.
/// </summary>
public sealed class KubectlReleaseRemovalTests
{
    private static readonly string[] Foreign = ["team-a istio-eastwestgateway", "team-a istio-ingressgateway", "team-a istiod-1-30-3"];

    [Fact]
    public void GatewaysThatLeftIstioSystemAreUninstalledThereLastAndSomeoneElsesOfTheSameNameStay()
    {
        using var temp = new TempDirectory();
        var (helm, script, ca) = Cluster1(temp, UpgradeStacks.Plain131, ["istio-system istio-base", "istio-system istiod", "istio-system istio-eastwestgateway", "istio-system istio-ingressgateway"]);

        var run = helm.Apply(script, ca);

        Assert.Equal(
            [
                "helm uninstall istio-eastwestgateway --namespace istio-system --kube-context kind-cluster1 --wait",
                "helm uninstall istio-ingressgateway --namespace istio-system --kube-context kind-cluster1 --wait",
            ],
            run.Calls.TakeLast(2));
        Assert.Equal(2, run.Calls.Count(c => c.StartsWith("helm uninstall", StringComparison.Ordinal)));
        // Each after its replacement was installed (with --wait: its pods are ready).
        Assert.Contains(run.Calls, c => c.StartsWith("helm upgrade --install istio-eastwestgateway ", StringComparison.Ordinal) && c.Contains(" --namespace istio-eastwest ", StringComparison.Ordinal) && c.EndsWith(" --wait", StringComparison.Ordinal));
        Assert.Equal(
            ["istio-eastwest istio-eastwestgateway", "istio-ingress istio-ingressgateway", "istio-system istio-base", "istio-system istiod", .. Foreign],
            helm.Releases("kind-cluster1"));
        Assert.Contains("apply.sh: uninstalling Helm release istio-system/istio-eastwestgateway, which the stack no longer has", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOldEastWestGatewayStaysWhileAnotherClusterStillDialsItAndGoesOnTheRunAfter()
    {
        using var temp = new TempDirectory();
        var (helm, script, ca) = Cluster1(temp, UpgradeStacks.Plain131, ["istio-system istio-base", "istio-system istiod", "istio-system istio-eastwestgateway", "istio-system istio-ingressgateway"]);
        // cluster2 has not run its new apply.sh: its ServiceEntries dial cluster1's old load balancer.
        helm.Dials("kind-cluster2", "203.0.113.99 15443 15443", "203.0.113.99 15443");

        var first = helm.Apply(script, ca);

        Assert.DoesNotContain(first.Calls, c => c.StartsWith("helm uninstall", StringComparison.Ordinal) || c.StartsWith("kubectl --context kind-cluster1 delete", StringComparison.Ordinal));
        Assert.Contains("apply.sh: removing nothing this run, since the old east-west gateway still carries traffic: cluster2 dials 203.0.113.99 15443; run this script again once the other clusters' apply.sh have run\n", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("istio-system istio-eastwestgateway", helm.Releases("kind-cluster1"));

        // cluster2 ran its script: it dials the address this render gives cluster1's new gateway.
        helm.Dials("kind-cluster2", $"{Cluster1Address(temp)} 15443 15443");
        var second = helm.Apply(script, ca);

        Assert.Equal(
            [
                "helm uninstall istio-eastwestgateway --namespace istio-system --kube-context kind-cluster1 --wait",
                "helm uninstall istio-ingressgateway --namespace istio-system --kube-context kind-cluster1 --wait",
            ],
            second.Calls.Where(c => c.StartsWith("helm uninstall", StringComparison.Ordinal)));
    }

    [Fact]
    public void AnotherClusterThatCannotBeReadKeepsTheOldEastWestGateway()
    {
        using var temp = new TempDirectory();
        var (helm, script, ca) = Cluster1(temp, UpgradeStacks.Plain131, ["istio-system istio-base", "istio-system istiod", "istio-system istio-eastwestgateway"]);
        var kubectl = temp.Combine("bin", "kubectl");
        File.WriteAllText(kubectl, File.ReadAllText(kubectl).Replace("ctx=\"$2\"\n", "ctx=\"$2\"\n[[ \"$ctx\" == kind-cluster2 && \"$*\" == *serviceentries* ]] && exit 1\n", StringComparison.Ordinal));

        var run = helm.Apply(script, ca);

        Assert.DoesNotContain(run.Calls, c => c.StartsWith("helm uninstall", StringComparison.Ordinal));
        Assert.Contains("still carries traffic: cluster2 could not be read; run this script again", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ADroppedIngressGatewayIsUninstalledFromItsNamespace()
    {
        using var temp = new TempDirectory();
        var helm = new HelmClusters(temp);
        helm.Install("kind-cluster2", Foreign);
        // The stack ran with cluster2's ingress gateway: apply.sh installed it, with the values MeshInfra renders.
        Cluster2Apply(temp, helm, UpgradeStacks.Plain131, "before");
        Assert.Contains("istio-ingress istio-ingressgateway", helm.Releases("kind-cluster2"));

        var run = Cluster2Apply(temp, helm, UpgradeStacks.NoIngressOnCluster2, "after");

        Assert.Equal(["helm uninstall istio-ingressgateway --namespace istio-ingress --kube-context kind-cluster2 --wait"], run.Calls.Where(c => c.StartsWith("helm uninstall", StringComparison.Ordinal)));
        Assert.Equal(["istio-eastwest istio-eastwestgateway", "istio-system istio-base", "istio-system istiod", .. Foreign], helm.Releases("kind-cluster2"));
        Assert.DoesNotContain("apply.sh: leaving Helm release", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void SomeoneElsesIngressGatewayWithOurNameInOurNamespaceStaysWhenTheStackDropsIngress()
    {
        using var temp = new TempDirectory();
        var helm = new HelmClusters(temp);
        helm.Install("kind-cluster2", Foreign);
        Cluster2Apply(temp, helm, UpgradeStacks.Plain131, "before");
        // Then the stack drops cluster2's ingress, and a team installs its own istio-ingress/istio-ingressgateway
        // with the gateway chart (their values: no marker, one annotation of their own under the same key).
        Cluster2Apply(temp, helm, UpgradeStacks.NoIngressOnCluster2, "dropped");
        helm.InstallWithoutMarker("kind-cluster2", "{\"annotations\":{\"meshinfra.io/managed-by\":\"team-a\",\"owner\":\"team-a\"},\"service\":{\"type\":\"LoadBalancer\"}}", "istio-ingress istio-ingressgateway");

        var run = Cluster2Apply(temp, helm, UpgradeStacks.NoIngressOnCluster2, "again");

        Assert.DoesNotContain(run.Calls, c => c.StartsWith("helm uninstall", StringComparison.Ordinal));
        Assert.Contains("istio-ingress istio-ingressgateway", helm.Releases("kind-cluster2"));
        Assert.Contains(
            "apply.sh: leaving Helm release istio-ingress/istio-ingressgateway in place: the stack no longer has it, but its values lack the MeshInfra marker (meshinfra.io/managed-by: meshinfra), so it may belong to someone else; if MeshInfra installed it (before the marker existed), uninstall it yourself: helm uninstall istio-ingressgateway --namespace istio-ingress --kube-context kind-cluster2\n",
            run.Stderr,
            StringComparison.Ordinal);
        Assert.DoesNotContain("apply.sh: uninstalling", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIstiodOfAnOldRevisionWithoutTheMarkerStaysAndTheScriptSaysHowToRemoveIt()
    {
        using var temp = new TempDirectory();
        // istiod-1-30-3 as a MeshInfra from before the marker installed it: its values, no annotation.
        var (helm, script, ca) = Cluster1(temp, UpgradeStacks.Revisioned, ["istio-system istio-base", "istio-system istiod-1-31-1", "istio-eastwest istio-eastwestgateway", "istio-ingress istio-ingressgateway"]);
        helm.InstallWithoutMarker("kind-cluster1", "{\"global\":{\"meshID\":\"mesh1\",\"network\":\"network1\"},\"revision\":\"1-30-3\"}", "istio-system istiod-1-30-3");

        var run = helm.Apply(script, ca);

        Assert.DoesNotContain(run.Calls, c => c.StartsWith("helm uninstall", StringComparison.Ordinal));
        Assert.Contains("istio-system istiod-1-30-3", helm.Releases("kind-cluster1"));
        Assert.Contains(
            "apply.sh: leaving Helm release istio-system/istiod-1-30-3 in place: the stack no longer has it, but its values lack the MeshInfra marker (meshinfra.io/managed-by: meshinfra), so it may belong to someone else; if MeshInfra installed it (before the marker existed), uninstall it yourself: helm uninstall istiod-1-30-3 --namespace istio-system --kube-context kind-cluster1\n",
            run.Stderr,
            StringComparison.Ordinal);
    }

    [Fact]
    public void AReleaseAnOlderMeshInfraInstalledGetsTheMarkerFromItsNextUpgradeAndIsUninstalledOnceDropped()
    {
        using var temp = new TempDirectory();
        var (helm, script, ca) = Cluster1(temp, UpgradeStacks.Plain131, ["istio-system istio-base", "istio-eastwest istio-eastwestgateway", "istio-ingress istio-ingressgateway"]);
        helm.InstallWithoutMarker("kind-cluster1", "{\"global\":{\"meshID\":\"mesh1\"}}", "istio-system istiod");

        helm.Apply(script, ca);

        // helm upgrade replaces the values with the rendered file (no --reuse-values): the marker is in.
        Assert.Contains("\"meshinfra.io/managed-by\":\"meshinfra\"", helm.Values("kind-cluster1", "istio-system", "istiod"), StringComparison.Ordinal);

        // The stack moves to a revision (no canary): istiod is dropped, and now recognised as MeshInfra's.
        var stack = temp.File("Pulumi.dev.yaml", UpgradeStacks.Revisioned);
        KubectlRender.Ok(stack, StackLoader.Load(stack).Plan, temp.Combine("revisioned"));
        var run = helm.Apply(Path.Combine(temp.Combine("revisioned"), "cluster1", KubectlRenderer.Script), ca);

        Assert.Equal(["helm uninstall istiod --namespace istio-system --kube-context kind-cluster1 --wait"], run.Calls.Where(c => c.StartsWith("helm uninstall", StringComparison.Ordinal)));
    }

    [Fact]
    public void AReleaseWhoseValuesCannotBeReadStopsTheScriptBeforeAnythingIsRemoved()
    {
        using var temp = new TempDirectory();
        var (helm, script, ca) = Cluster1(temp, UpgradeStacks.Plain131, ["istio-system istio-base", "istio-system istiod", "istio-system istio-ingressgateway"]);
        var helmStub = temp.Combine("bin", "helm");
        File.WriteAllText(helmStub, File.ReadAllText(helmStub).Replace("[[ \"$2\" == values", "echo \"Error: Kubernetes cluster unreachable\" >&2; exit 1\n[[ \"$2\" == values", StringComparison.Ordinal));

        var (exitCode, stderr) = StubTools.Run(script, temp.Combine("bin"), new Dictionary<string, string?> { ["CALLS"] = temp.Combine("calls.log"), ["STATE"] = temp.Combine("clusters"), [ApplyScript.CacertsVariable] = ca });

        Assert.Equal(1, exitCode);
        Assert.Contains("apply.sh: could not read the values of Helm release istio-system/istio-ingressgateway; nothing was removed\n", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllLines(temp.Combine("calls.log")), c => c.StartsWith("helm uninstall", StringComparison.Ordinal) || c.Contains(" delete ", StringComparison.Ordinal));
    }

    [Fact]
    public void DiffNamesTheMovedGatewaysReleasesInTheOrderApplyShUninstallsThem()
    {
        using var temp = new TempDirectory();
        var stdout = CliRunner.Ok("diff", temp.File("Pulumi.old.yaml", UpgradeStacks.GatewaysInIstioSystem), temp.File("Pulumi.new.yaml", UpgradeStacks.Plain131)).Stdout;

        Assert.Contains(
            "Helm releases the stack no longer has (pulumi up deletes them last; apply.sh uninstalls them at its end, an old east-west gateway once no other cluster dials it, and only a release whose values carry MeshInfra's marker (annotation meshinfra.io/managed-by: meshinfra): one without it is left in place, with a line saying so)\n"
            + "  cluster1: helm uninstall istio-system/istio-eastwestgateway (gateway 1.31.1), then istio-system/istio-ingressgateway (gateway 1.31.1), after every other change of the run\n"
            + "  cluster2: helm uninstall istio-system/istio-eastwestgateway (gateway 1.31.1), then istio-system/istio-ingressgateway (gateway 1.31.1), after every other change of the run\n",
            stdout,
            StringComparison.Ordinal);
        Assert.DoesNotContain("apply.sh does not look", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AGatewayLeavingANamespaceTheStackNamedIsLeftToAPersonAndDiffSaysHow()
    {
        using var temp = new TempDirectory();
        var stdout = CliRunner.Ok("diff", temp.File("Pulumi.old.yaml", UpgradeStacks.GatewaysInOwnNamespaces), temp.File("Pulumi.new.yaml", UpgradeStacks.Plain131)).Stdout;

        Assert.Contains(
            "apply.sh does not look where these run (a namespace the stack named itself): with the kubectl layout, uninstall them by hand once every cluster ran its new apply.sh\n"
            + "  cluster1: helm uninstall istio-eastwestgateway --namespace edge-eastwest --kube-context kind-cluster1\n"
            + "  cluster1: helm uninstall istio-ingressgateway --namespace edge-ingress --kube-context kind-cluster1\n",
            stdout,
            StringComparison.Ordinal);

        // And apply.sh indeed leaves them.
        var (helm, script, ca) = Cluster1(temp, UpgradeStacks.Plain131, ["istio-system istio-base", "istio-system istiod", "edge-eastwest istio-eastwestgateway", "edge-ingress istio-ingressgateway"]);
        var run = helm.Apply(script, ca);
        Assert.DoesNotContain(run.Calls, c => c.StartsWith("helm uninstall", StringComparison.Ordinal));
    }

    /// <summary>Renders <paramref name="stackText"/> into its own folder and runs cluster2's apply.sh against <paramref name="helm"/>.</summary>
    private static ScriptRun Cluster2Apply(TempDirectory temp, HelmClusters helm, string stackText, string name)
    {
        var stack = temp.File("Pulumi.dev.yaml", stackText);
        var outDir = temp.Combine(name);
        KubectlRender.Ok(stack, StackLoader.Load(stack).Plan, outDir);
        var ca = temp.Combine("ca2");
        if (!Directory.Exists(ca))
        {
            CaFiles.Write(ca, CaFiles.Root("root"), "cluster2");
        }

        return helm.Apply(Path.Combine(outDir, "cluster2", KubectlRenderer.Script), ca);
    }

    private static (HelmClusters Helm, string Script, string Ca) Cluster1(TempDirectory temp, string stackText, string[] installed)
    {
        var stack = temp.File("Pulumi.dev.yaml", stackText);
        var outDir = temp.Combine("out");
        KubectlRender.Ok(stack, StackLoader.Load(stack).Plan, outDir);
        var ca = temp.Combine("ca");
        CaFiles.Write(ca, CaFiles.Root("root"), "cluster1");
        var helm = new HelmClusters(temp);
        helm.Install("kind-cluster1", [.. installed, .. Foreign]);
        return (helm, Path.Combine(outDir, "cluster1", KubectlRenderer.Script), ca);
    }

    /// <summary>The address the render gives cluster1's east-west gateway (KubectlRender's --set).</summary>
    private static string Cluster1Address(TempDirectory temp)
    {
        var sets = KubectlRender.AllSets(StackLoader.Load(temp.Combine("Pulumi.dev.yaml")).Plan);
        return sets.Single(s => s.StartsWith("cluster1.gatewayAddress=", StringComparison.Ordinal)).Split('=')[1];
    }
}
