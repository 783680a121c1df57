using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Tests.Support;
using MeshInfra.Envtest;

namespace MeshInfra.Cli.Tests.Envtest;

/// <summary>
/// apply.sh's check that no other cluster still dials an old east-west gateway, with the real kubectl
/// against real API servers holding the other cluster's rendered ServiceEntries (Helm stood in by a
/// recorder that keeps the releases): the jsonpath filter on the endpoints' <c>cluster</c> label and the
/// <c>address port</c> comparison are kubectl's own, not a stand-in's.
/// </summary>
[Collection(EnvtestClusters.Collection)]
public sealed class EastWestDialEnvtestTests(EnvtestClusters clusters)
{
    // Without the sleep sample: the collection's other test deletes its namespace, which envtest (no
    // namespace controller) leaves terminating, so nothing can be created in it again.
    private static readonly string Dev = File.ReadAllText(Repo.DevStack)
        .Replace("context: kind-cluster1", "context: envtest-a", StringComparison.Ordinal)
        .Replace("context: kind-cluster2", "context: envtest-b", StringComparison.Ordinal)
        .Replace("      sleep:\n        cluster: cluster1\n        namespace: foo\n", "", StringComparison.Ordinal);

    [EnvtestFact]
    public async Task TheOldEastWestGatewayGoesOnlyOnceTheOtherClustersServiceEntriesDialTheNewAddress()
    {
        Assert.DoesNotContain("namespace: foo", Dev, StringComparison.Ordinal);
        using var temp = new TempDirectory();
        File.Copy(Path.Combine(Repo.Root, "Pulumi.yaml"), temp.Combine("Pulumi.yaml"), overwrite: true);
        var stack = temp.File("Pulumi.dev.yaml", Dev);
        var sets = KubectlRender.AllSets(StackLoader.Load(stack).Plan);
        CliRunner.Ok(["render", stack, "--out", temp.Combine("new"), "--layout", "kubectl", .. sets]);
        // The render cluster2 applied before: cluster1's east-west gateway at its old address.
        var oldSets = sets.Select(s => s.StartsWith("cluster1.gatewayAddress=", StringComparison.Ordinal) ? "cluster1.gatewayAddress=203.0.113.99" : s).ToArray();
        CliRunner.Ok(["render", stack, "--out", temp.Combine("old"), "--layout", "kubectl", .. oldSets]);
        var cluster2 = clusters["envtest-b"];
        await cluster2.ApplyAsync("apiVersion: v1\nkind: Namespace\nmetadata: {name: istio-system}\n");
        async Task ApplyServiceEntries(string render)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(temp.Combine(render), "cluster2", KubectlRenderer.Manifests), "*-serviceentry-*").Order(StringComparer.Ordinal))
            {
                (await cluster2.KubectlAsync("apply", "-f", file)).EnsureSuccess("apply " + file);
            }
        }

        var ca = temp.Combine("ca");
        CaFiles.Write(ca, CaFiles.Root("root"), "cluster1");
        var helm = new HelmClusters(temp);
        helm.UseRealKubectl(EnvtestAssets.Require().Folder, clusters.KubeconfigPath);
        helm.Install("envtest-a", "istio-system istio-base", "istio-system istiod", "istio-system istio-eastwestgateway");
        var script = Path.Combine(temp.Combine("new"), "cluster1", KubectlRenderer.Script);
        try
        {
            await ApplyServiceEntries("old");
            var kept = helm.Apply(script, ca);
            Assert.Contains("apply.sh: removing nothing this run, since the old east-west gateway still carries traffic: cluster2 dials 203.0.113.99 15443; run this script again once the other clusters' apply.sh have run\n", kept.Stderr, StringComparison.Ordinal);
            Assert.Contains("istio-system istio-eastwestgateway", helm.Releases("envtest-a"));

            await ApplyServiceEntries("new");
            var removed = helm.Apply(script, ca);
            Assert.Equal(["helm uninstall istio-eastwestgateway --namespace istio-system --kube-context envtest-a --wait"], removed.Calls.Where(c => c.StartsWith("helm uninstall", StringComparison.Ordinal)));
            Assert.DoesNotContain("istio-system istio-eastwestgateway", helm.Releases("envtest-a"));
        }
        finally
        {
            await cluster2.KubectlAsync("delete", "serviceentries.networking.istio.io", "--all", "-n", "istio-system");
        }
    }
}
