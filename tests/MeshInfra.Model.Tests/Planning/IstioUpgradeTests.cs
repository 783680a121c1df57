using System.Text.Json.Nodes;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Planning;

/// <summary>
/// Upgrading Istio on a running stack: what changes (exactly), in which order, and what a canary
/// keeps until the next run. The seed mesh has an ingress gateway in cluster1 only.
/// </summary>
public sealed class IstioUpgradeTests
{
    private static MeshPlan Plan(string istio)
    {
        var root = JsonNode.Parse(Configs.Seed)!.AsObject();
        root["istio"] = JsonNode.Parse(istio);
        return Configs.Plan(root.ToJsonString());
    }

    private static readonly MeshPlan On130 = Plan("""{ "version": "1.30.3" }""");

    private static IEnumerable<string> Ids(PlanDiff diff, ChangeKind kind) =>
        diff.Changes.Where(c => c.Kind == kind).Select(c => c.Id.ToString());

    [Fact]
    public void AnInPlaceUpgradeChangesExactlyTheReleaseVersions()
    {
        var diff = PlanDiff.Between(On130, Plan("""{ "version": "1.31.1", "upgradeFrom": { "version": "1.30.3" } }"""));

        Assert.Empty(Ids(diff, ChangeKind.Added));
        Assert.Empty(Ids(diff, ChangeKind.Removed));
        Assert.Equal(
            [
                "cluster1:helm/istio-base", "cluster1:helm/istiod", "cluster1:helm/istio-eastwestgateway", "cluster1:helm/istio-ingressgateway",
                "cluster2:helm/istio-base", "cluster2:helm/istiod", "cluster2:helm/istio-eastwestgateway",
            ],
            Ids(diff, ChangeKind.Changed));
        Assert.All(diff.Changes, c => Assert.Equal([new FieldChange("version", "\"1.30.3\"", "\"1.31.1\"")], c.Fields.ToList()));
    }

    [Fact]
    public void ACanaryUpgradeAddsTheNewIstiodRelabelsNamespacesAndMovesGateways()
    {
        var diff = PlanDiff.Between(On130, Plan("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3" } }"""));

        Assert.Equal(["cluster1:helm/istiod-1-31-1", "cluster2:helm/istiod-1-31-1"], Ids(diff, ChangeKind.Added));
        Assert.Empty(Ids(diff, ChangeKind.Removed));
        Assert.Equal(
            [
                "cluster1:helm/istio-base", "cluster1:Namespace/default", "cluster1:Namespace/foo", "cluster1:helm/istio-eastwestgateway", "cluster1:helm/istio-ingressgateway",
                "cluster2:helm/istio-base", "cluster2:Namespace/bar", "cluster2:Namespace/default", "cluster2:helm/istio-eastwestgateway",
            ],
            Ids(diff, ChangeKind.Changed));
        var foo = diff.Changes.Single(c => c.Id.ToString() == "cluster1:Namespace/foo");
        Assert.Equal(
            [new FieldChange("metadata.labels.\"istio.io/rev\"", null, "\"1-31-1\""), new FieldChange("metadata.labels.istio-injection", "\"enabled\"", null)],
            foo.Fields.ToList());
        var gateway = diff.Changes.Single(c => c.Id.ToString() == "cluster2:helm/istio-eastwestgateway");
        Assert.Equal([new FieldChange("version", "\"1.30.3\"", "\"1.31.1\""), new FieldChange("values.revision", null, "\"1-31-1\"")], gateway.Fields.ToList());
    }

    [Fact]
    public void TheOldIstiodStaysAtItsVersionUntilTheHandoverRemovesIt()
    {
        var canary = Plan("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3" } }""");
        Assert.Equal(On130.Release("cluster1", "istiod"), canary.Release("cluster1", "istiod"));
        Assert.Equal("default", canary.Release("cluster1", "istio-base").Values["defaultRevision"].Text());
        // The revision-less istiod serves the default labels itself: no tag while it is the default.
        Assert.DoesNotContain(canary.Cluster("cluster1").Objects, o => o.Object.Kind == "MutatingWebhookConfiguration");

        var handover = PlanDiff.Between(canary, Plan("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3", "handover": true } }"""));
        Assert.Equal(["cluster1:helm/istiod", "cluster2:helm/istiod"], Ids(handover, ChangeKind.Removed));
        // In apply order: the deactivation (a change to the old injector, not a new object), then the tag.
        Assert.Equal(["cluster1:MutatingWebhookConfiguration/istio-sidecar-injector", "cluster2:MutatingWebhookConfiguration/istio-sidecar-injector"], Ids(handover, ChangeKind.Patched));
        Assert.Equal(["cluster1:MutatingWebhookConfiguration/istio-revision-tag-default", "cluster2:MutatingWebhookConfiguration/istio-revision-tag-default"], Ids(handover, ChangeKind.Added));
        // Within cluster1's own order nothing comes between them (other clusters' steps may interleave).
        var cluster1Order = Plan("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3", "handover": true } }""").ApplyOrder.Where(id => id.Scope == "cluster1").Select(id => id.Name).ToList();
        Assert.Equal(cluster1Order.IndexOf("MutatingWebhookConfiguration/istio-sidecar-injector") + 1, cluster1Order.IndexOf("MutatingWebhookConfiguration/istio-revision-tag-default"));
        Assert.Equal(["cluster1:helm/istio-base", "cluster2:helm/istio-base"], Ids(handover, ChangeKind.Changed));
        Assert.All(handover.Changes.Where(c => c.Kind == ChangeKind.Changed), c => Assert.Equal([new FieldChange("values.defaultRevision", "\"default\"", "\"1-31-1\"")], c.Fields.ToList()));

        Assert.Equal(
            "Last in the run, in every cluster: uninstall istiod (1.30.3); the default labels (istio-injection=enabled, sidecar.istio.io/inject=true) are now served by 1-31-1 through the tag.",
            UpgradeSteps.For(Plan("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3", "handover": true } }"""))[^2]);

        // The run after the handover drops only the deactivation patch (its object is gone with the old release).
        var after = PlanDiff.Between(Plan("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3", "handover": true } }"""), Plan("""{ "version": "1.31.1", "revision": "1-31-1" }"""));
        Assert.Equal(["cluster1:MutatingWebhookConfiguration/istio-sidecar-injector", "cluster2:MutatingWebhookConfiguration/istio-sidecar-injector"], Ids(after, ChangeKind.Removed));
        Assert.Empty(Ids(after, ChangeKind.Added));
        Assert.Empty(Ids(after, ChangeKind.Changed));
    }

    [Fact]
    public void ASecondCanaryKeepsTheDefaultTagOnTheOldRevisionAndTheHandoverMovesItInPlace()
    {
        var running = Plan("""{ "version": "1.31.1", "revision": "1-31-1" }""");
        var canary = Plan("""{ "version": "1.31.2", "revision": "1-31-2", "upgradeFrom": { "version": "1.31.1", "revision": "1-31-1" } }""");
        var handover = Plan("""{ "version": "1.31.2", "revision": "1-31-2", "upgradeFrom": { "version": "1.31.1", "revision": "1-31-1", "handover": true } }""");

        var start = PlanDiff.Between(running, canary);
        Assert.Equal(["cluster1:helm/istiod-1-31-2", "cluster2:helm/istiod-1-31-2"], Ids(start, ChangeKind.Added));
        Assert.Empty(Ids(start, ChangeKind.Removed));
        Assert.DoesNotContain(start.Changes, c => c.Id.Name.StartsWith("MutatingWebhookConfiguration/", StringComparison.Ordinal));
        Assert.Equal("1-31-1", canary.Release("cluster1", "istio-base").Values["defaultRevision"].Text());

        var move = PlanDiff.Between(canary, handover);
        Assert.Equal(["cluster1:helm/istiod-1-31-1", "cluster2:helm/istiod-1-31-1"], Ids(move, ChangeKind.Removed));
        Assert.Empty(Ids(move, ChangeKind.Added));
        var tag = move.Changes.Single(c => c.Id.ToString() == "cluster1:MutatingWebhookConfiguration/istio-revision-tag-default");
        Assert.Equal(ChangeKind.Changed, tag.Kind);
        Assert.Contains(new FieldChange("metadata.labels.\"istio.io/rev\"", "\"1-31-1\"", "\"1-31-2\""), tag.Fields);
        Assert.Contains(new FieldChange("webhooks[name=rev.namespace.sidecar-injector.istio.io].clientConfig.service.name", "\"istiod-1-31-1\"", "\"istiod-1-31-2\""), tag.Fields);
    }

    [Fact]
    public void DuringAnUpgradeEachClusterWaitsForThePreviousClustersGateways()
    {
        var plan = Plan("""{ "version": "1.31.1", "upgradeFrom": { "version": "1.30.3" } }""");
        var step = plan.ApplyOrder.Select((id, i) => (id, i)).ToDictionary(p => p.id.ToString(), p => p.i);

        Assert.Equal(
            ["cluster1:helm/istio-eastwestgateway", "cluster1:helm/istio-ingressgateway"],
            plan.Edges.Where(e => e.After.ToString() == "cluster2:helm/istio-base").Select(e => e.Before.ToString()).Where(b => b.StartsWith("cluster1:", StringComparison.Ordinal)));
        var cluster1Releases = plan.Cluster("cluster1").Releases.Select(r => step[r.Id.ToString()]);
        Assert.True(cluster1Releases.Max() < step["cluster2:helm/istio-base"]);
        Assert.True(step["cluster2:helm/istio-base"] < step["cluster2:helm/istiod"]);
        Assert.True(step["cluster2:helm/istiod"] < step["cluster2:helm/istio-eastwestgateway"]);
    }

    [Fact]
    public void OutsideAnUpgradeClustersInstallInParallel()
    {
        Assert.DoesNotContain(On130.Edges, e => e.Before.Scope != e.After.Scope && e.After.Name.StartsWith("helm/", StringComparison.Ordinal));
        // The rollout chain exists only while upgradeFrom is set, so it costs no depth otherwise.
        Assert.True(Plan("""{ "version": "1.31.1", "upgradeFrom": { "version": "1.30.3" } }""").Depth > On130.Depth);
    }

    [Fact]
    public void AVersionChangeWithoutUpgradeFromIsCalledOut()
    {
        var caution = UpgradeSteps.Caution(On130.Spec, Plan("""{ "version": "1.31.1" }""").Spec);
        Assert.Equal(
            "Istio changes from 1.30.3 to 1.31.1 in every cluster at once. To upgrade one cluster at a time, add istio.upgradeFrom: {version: \"1.30.3\"}.",
            caution);
        Assert.Null(UpgradeSteps.Caution(On130.Spec, Plan("""{ "version": "1.31.1", "upgradeFrom": { "version": "1.30.3" } }""").Spec));
        Assert.Null(UpgradeSteps.Caution(On130.Spec, On130.Spec));
    }

    [Fact]
    public void RollingBackACanaryIsNamedAsTheRollbackNotAReverseCanary()
    {
        var canary = Plan("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3" } }""");
        Assert.Equal(
            "Rolls the canary back: istiod-1-31-1 (1.31.1) is uninstalled and istiod (1.30.3) stays the default revision. Restart the workloads that already run the 1.31.1 sidecar.",
            UpgradeSteps.Caution(canary.Spec, On130.Spec));
    }

    [Fact]
    public void GoingBackAVersionInPlaceWarnsThatProxiesWouldRunNewerThanIstiod()
    {
        var on131 = Plan("""{ "version": "1.31.1" }""");
        Assert.Equal(
            "Istio goes back from 1.31.1 to 1.30.3 in place in every cluster: proxies already restarted on 1.31.1 would run newer than their istiod, which Istio does not support. Go back by a canary instead (a new revision at the older version, with istio.upgradeFrom naming the running one), or restart every workload right after.",
            UpgradeSteps.Caution(on131.Spec, On130.Spec));
    }

    [Fact]
    public void ThePlanListsTheCanaryStepsClusterByCluster()
    {
        var steps = UpgradeSteps.For(Plan("""{ "version": "1.31.1", "revision": "canary", "upgradeFrom": { "version": "1.30.3" } }"""));
        Assert.Equal("Istio 1.30.3 -> 1.31.1, canary: istiod-canary is installed beside istiod (1.30.3); one cluster at a time", steps[0]);
        Assert.Equal(
            [
                "1. cluster1: istio-base 1.30.3 -> 1.31.1 (CRDs; default revision default)",
                "2. cluster1: install istiod-canary 1.31.1 beside istiod 1.30.3",
                "3. cluster1: relabel namespaces default, foo to istio.io/rev=canary; an istio-injection label someone else set stays and wins, check: kubectl --context kind-cluster1 get namespace -L istio-injection,istio.io/rev",
                "4. cluster1: gateways istio-eastwestgateway, istio-ingressgateway -> 1.31.1, injected by revision canary",
            ],
            steps.Skip(1).Take(4));
        Assert.StartsWith("6. cluster2: istio-base", steps[6], StringComparison.Ordinal);
        Assert.Equal(
            "Next run, once every workload runs the new sidecar: the handover, istio.upgradeFrom: {version: \"1.30.3\", handover: true}; it moves the default revision and the revision tag default to canary and uninstalls istiod (1.30.3) in every cluster.",
            steps[^1]);
        Assert.Empty(UpgradeSteps.For(On130));
    }

    [Fact]
    public void TheSameConfigDiffsToNothing() => Assert.True(PlanDiff.Between(On130, Plan("""{ "version": "1.30.3" }""")).IsEmpty);

    [Theory]
    [InlineData("oci://ghcr.io/istio/release/charts", "oci://ghcr.io/istio/release/charts/istiod", null)]
    [InlineData("oci://registry.example.com/istio/charts/", "oci://registry.example.com/istio/charts/istiod", null)]
    [InlineData("https://blob.istio.io/istio-release/charts", "istiod", "https://blob.istio.io/istio-release/charts")]
    public void ReleasesReferenceTheChartAsEachSourceKindNeeds(string repository, string chart, string? repositoryUrl)
    {
        var istiod = Plan($$"""{ "chartRepository": "{{repository}}" }""").Release("cluster1", "istiod");
        Assert.Equal((chart, repositoryUrl), (istiod.ChartReference, istiod.RepositoryUrl));
    }

    [Fact]
    public void ChangingTheChartSourceChangesOnlyTheReleases()
    {
        var diff = PlanDiff.Between(On130, Plan("""{ "version": "1.30.3", "chartRepository": "https://blob.istio.io/istio-release/charts" }"""));
        Assert.All(diff.Changes, c => Assert.StartsWith("helm/", c.Id.Name, StringComparison.Ordinal));
        Assert.Equal(
            [new FieldChange("chart", "\"oci://ghcr.io/istio/release/charts/istiod\"", "\"istiod\""), new FieldChange("repository", null, "\"https://blob.istio.io/istio-release/charts\"")],
            diff.Changes.Single(c => c.Id.ToString() == "cluster1:helm/istiod").Fields.ToList());
    }
}
