using System.Text.Json.Nodes;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Planning;

/// <summary>
/// A cluster leaving the mesh (or pulumi destroy) keeps Istio's CRDs unless the stack says to purge them,
/// and the plan says what goes and what stays; an upgrade names the user's namespaces that need a person.
/// </summary>
public sealed class ClusterRemovalTests
{
    private static MeshPlan Plan(string json, Action<JsonObject>? edit = null)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        edit?.Invoke(root);
        return Configs.Plan(root.ToJsonString());
    }

    private static PlannedRelease Base(MeshPlan plan, string cluster) =>
        plan.Clusters.Single(c => c.Cluster.Name == cluster).Releases.Single(r => r.ReleaseName == "istio-base");

    [Fact]
    public void TheBaseReleaseIsRetainedOnDeleteByDefaultAndNoOtherRelease()
    {
        var plan = Plan(Configs.Seed);

        Assert.All(plan.Clusters, c => Assert.True(Base(plan, c.Cluster.Name).RetainOnDelete));
        Assert.All(plan.Clusters.SelectMany(c => c.Releases).Where(r => r.ReleaseName != "istio-base"), r => Assert.False(r.RetainOnDelete));
    }

    [Fact]
    public void PurgeCrdsOnDeleteUninstallsTheBaseReleaseAndTheRemovalSaysWhatThatDeletes()
    {
        var plan = Plan(Configs.Seed, r => r["istio"] = JsonNode.Parse("""{ "purgeCrdsOnDelete": true }"""));

        Assert.False(Base(plan, "cluster1").RetainOnDelete);
        Assert.Contains(ClusterRemoval.Of(plan.Clusters[0]).Deletes, d => d.StartsWith("Istio's CRDs (istio.purgeCrdsOnDelete: true uninstalls istio-base), and with them EVERY Istio object in the cluster", StringComparison.Ordinal));
    }

    [Fact]
    public void RemovingAClusterKeepsTheCrdsAndTheCorefileAndSaysTheBlockStaysUntilDnsRemove()
    {
        var effects = ClusterRemoval.Of(Plan(Configs.Seed).Clusters[0]);

        Assert.Equal("the Helm releases istiod, istio-eastwestgateway, istio-ingressgateway (helm uninstall)", effects.Deletes[0]);
        Assert.Contains(effects.Keeps, k => k.StartsWith("Istio's CRDs and the base chart's other cluster-wide objects: istio-base is not uninstalled", StringComparison.Ordinal));
        Assert.Contains(effects.Keeps, k => k.StartsWith("the Corefile of kube-system/coredns, byte for byte as MeshInfra last wrote it, WITH MeshInfra's global block still in it: to take the block out, first set dns: remove", StringComparison.Ordinal));
    }

    [Fact]
    public void InCorednsCustomModeTheBlockGoesAndTheConfigMapStays()
    {
        var plan = Plan(Configs.Seed, r => r["dns"] = "coredns-custom");

        var effects = ClusterRemoval.Of(plan.Clusters[0]);

        Assert.Contains("MeshInfra's CoreDNS block: the key meshinfra-global.server of kube-system/coredns-custom", effects.Deletes);
        Assert.Contains("the kube-system/coredns-custom ConfigMap and its other keys", effects.Keeps);
    }

    [Fact]
    public void TogglingPurgeShowsInTheDiffOfTheBaseRelease()
    {
        var diff = PlanDiff.Between(Plan(Configs.Seed), Plan(Configs.Seed, r => r["istio"] = JsonNode.Parse("""{ "purgeCrdsOnDelete": true }""")));

        Assert.All(diff.Changes, c => Assert.Equal("helm/istio-base", c.Id.Name));
        Assert.All(diff.Changes, c => Assert.Equal([new FieldChange("retainOnDelete", "true", null)], c.Fields.ToList()));
        Assert.Equal(2, diff.Changes.Length);
    }

    [Fact]
    public void ALeavingClusterIsDescribedInTheDiffAndItsBaseReleaseSaysRetained()
    {
        var three = Plan(Configs.ThreeClusters);
        var two = Plan(Configs.ThreeClusters, r =>
        {
            r["clusters"]!.AsArray().RemoveAt(2);
            r["services"]!.AsArray().RemoveAt(2);
        });

        var diff = PlanDiff.Between(three, two);

        Assert.Equal("edge", Assert.Single(diff.RemovedClusters).Key);
        Assert.Contains(diff.Changes, c => c.Kind == ChangeKind.Removed && c.Id == new ResourceId("edge", "helm/istio-base") && c.Description.EndsWith(", retained: not uninstalled, its CRDs stay", StringComparison.Ordinal));
    }

    [Fact]
    public void ACanaryUpgradeNamesTheExportedServicesNamespacesForRelabelAndRestart()
    {
        var plan = Plan(Configs.ThreeClusters, r => r["istio"] = JsonNode.Parse("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3" } }"""));

        var steps = UpgradeSteps.For(plan);

        Assert.Contains(steps, s => s.Contains("edge: by hand: relabel the exported services' namespaces inv to istio.io/rev=1-31-1", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.Contains("west: by hand, after this run: restart the workloads of shop (and of any other namespace with sidecars)", StringComparison.Ordinal));
    }
}
