using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Upgrades;

/// <summary>
/// apply.sh, run against a helm that keeps the cluster's releases, uninstalls exactly the Helm releases
/// the stack no longer has, last and gateways first, and nothing of anyone else's; an old east-west
/// gateway stays while another cluster dials it. <c>diff</c> names the same releases.
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
        var stack = temp.File("Pulumi.dev.yaml", UpgradeStacks.NoIngressOnCluster2);
        var outDir = temp.Combine("out");
        KubectlRender.Ok(stack, StackLoader.Load(stack).Plan, outDir);
        var ca = temp.Combine("ca");
        CaFiles.Write(ca, CaFiles.Root("root"), "cluster2");
        var helm = new HelmClusters(temp);
        helm.Install("kind-cluster2", ["istio-system istio-base", "istio-system istiod", "istio-eastwest istio-eastwestgateway", "istio-ingress istio-ingressgateway", .. Foreign]);

        var run = helm.Apply(Path.Combine(outDir, "cluster2", KubectlRenderer.Script), ca);

        Assert.Equal(["helm uninstall istio-ingressgateway --namespace istio-ingress --kube-context kind-cluster2 --wait"], run.Calls.Where(c => c.StartsWith("helm uninstall", StringComparison.Ordinal)));
        Assert.Equal(["istio-eastwest istio-eastwestgateway", "istio-system istio-base", "istio-system istiod", .. Foreign], helm.Releases("kind-cluster2"));
    }

    [Fact]
    public void DiffNamesTheMovedGatewaysReleasesInTheOrderApplyShUninstallsThem()
    {
        using var temp = new TempDirectory();
        var stdout = CliRunner.Ok("diff", temp.File("Pulumi.old.yaml", UpgradeStacks.GatewaysInIstioSystem), temp.File("Pulumi.new.yaml", UpgradeStacks.Plain131)).Stdout;

        Assert.Contains(
            "Helm releases the stack no longer has (pulumi up deletes them last; apply.sh uninstalls them at its end, an old east-west gateway once no other cluster dials it)\n"
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
