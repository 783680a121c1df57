using System.Text.Json.Nodes;
using MeshInfra.Injection;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Injection;

/// <summary>
/// Every step of every documented upgrade path leaves exactly one injector for every injection
/// label and selector: the webhook configurations each run leaves are computed from the charts'
/// templates and values at both tags (IstiodChartWebhooks) and from the objects the plan renders,
/// change by change, in the order the deploy makes them (DeployWalk).
/// </summary>
public sealed class InjectorHandoverTests
{
    private static MeshPlan Plan(string istio)
    {
        var root = JsonNode.Parse(Configs.Seed)!.AsObject();
        root["istio"] = JsonNode.Parse(istio);
        return Configs.Plan(root.ToJsonString());
    }

    private static readonly MeshPlan Plain130 = Plan("""{ "version": "1.30.3" }""");
    private static readonly MeshPlan FirstCanary = Plan("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3" } }""");
    private static readonly MeshPlan FirstHandover = Plan("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3", "handover": true } }""");
    private static readonly MeshPlan On1311 = Plan("""{ "version": "1.31.1", "revision": "1-31-1" }""");
    private static readonly MeshPlan SecondCanary = Plan("""{ "version": "1.31.2", "revision": "1-31-2", "upgradeFrom": { "version": "1.31.1", "revision": "1-31-1" } }""");
    private static readonly MeshPlan SecondHandover = Plan("""{ "version": "1.31.2", "revision": "1-31-2", "upgradeFrom": { "version": "1.31.1", "revision": "1-31-1", "handover": true } }""");
    private static readonly MeshPlan On1312 = Plan("""{ "version": "1.31.2", "revision": "1-31-2" }""");

    // The one moment Istio's own order leaves open: between the old injector's deactivation and the
    // tag's creation nothing serves the default labels (istioctl tag set default has the same gap).
    // The plan makes it one step: the deactivation comes after every other resource of the cluster,
    // the tag right after it. Every violation of a walk through a handover must be in that step.
    private const string DeactivationStep = "run 3, after MutatingWebhookConfiguration/istio-sidecar-injector: ";

    private static void OnlyTheDeactivationGap(DeployWalk walk)
    {
        Assert.Contains(DeactivationStep + "namespace {istio-injection=enabled} pod {}: no injector", walk.Violations);
        Assert.Equal([], walk.Violations.Where(v => !v.StartsWith(DeactivationStep, StringComparison.Ordinal) || !v.EndsWith(": no injector", StringComparison.Ordinal)));
        // Only what asks for the default revision loses its injector: a revision label keeps its own.
        Assert.DoesNotContain(walk.Violations, v => v.Contains("namespace {istio.io/rev=1-31-1}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("cluster1")]
    [InlineData("cluster2")]
    public void AFirstCanaryFromNoRevisionNeverHasTwoInjectors(string cluster)
    {
        var walk = DeployWalk.Of(cluster, Plain130, FirstCanary, FirstHandover, On1311);

        Assert.Equal(["istiod", "istiod", "istiod-1-31-1", "istiod-1-31-1"], walk.DefaultInjectors);
        OnlyTheDeactivationGap(walk);
    }

    [Fact]
    public void ASecondCanaryKeepsTheDefaultTagOnTheOldRevisionUntilTheHandoverMovesItInPlace()
    {
        var walk = DeployWalk.Of("cluster1", Plain130, FirstCanary, FirstHandover, On1311, SecondCanary, SecondHandover, On1312);

        Assert.Equal(["istiod", "istiod", "istiod-1-31-1", "istiod-1-31-1", "istiod-1-31-1", "istiod-1-31-2", "istiod-1-31-2"], walk.DefaultInjectors);
        // The second handover moves the tag in place: not one step without exactly one injector.
        OnlyTheDeactivationGap(walk);
        Assert.Equal(["istio-revision-tag-default", "istio-sidecar-injector-1-31-2"], walk.Webhooks.ConfigNames);
    }

    [Fact]
    public void AnInPlaceUpgradeKeepsOneInjector()
    {
        var walk = DeployWalk.Of("cluster1", Plain130, Plan("""{ "version": "1.31.1", "upgradeFrom": { "version": "1.30.3" } }"""), Plan("""{ "version": "1.31.1" }"""));

        Assert.Empty(walk.Violations);
        Assert.Equal(["istiod", "istiod", "istiod"], walk.DefaultInjectors);
    }

    [Fact]
    public void AnInPlaceUpgradeOfARevisionKeepsItsTag()
    {
        var walk = DeployWalk.Of("cluster1", On1311, Plan("""{ "version": "1.31.2", "revision": "1-31-1", "upgradeFrom": { "version": "1.31.1", "revision": "1-31-1" } }"""), Plan("""{ "version": "1.31.2", "revision": "1-31-1" }"""));

        Assert.Empty(walk.Violations);
        Assert.Equal(["istiod-1-31-1", "istiod-1-31-1", "istiod-1-31-1"], walk.DefaultInjectors);
    }

    [Fact]
    public void RollingBackTheFirstCanaryLeavesTheUntouchedOldControlPlane()
    {
        var walk = DeployWalk.Of("cluster1", Plain130, FirstCanary, Plain130);

        Assert.Empty(walk.Violations);
        Assert.Equal(["istiod", "istiod", "istiod"], walk.DefaultInjectors);
        Assert.Equal(["istio-sidecar-injector"], walk.Webhooks.ConfigNames);
    }

    [Fact]
    public void RollingBackTheSecondCanaryLeavesTheTagWhereItWas()
    {
        var walk = DeployWalk.Of("cluster1", On1311, SecondCanary, On1311);

        Assert.Empty(walk.Violations);
        Assert.Equal(["istiod-1-31-1", "istiod-1-31-1", "istiod-1-31-1"], walk.DefaultInjectors);
        Assert.Equal(["istio-revision-tag-default", "istio-sidecar-injector-1-31-1"], walk.Webhooks.ConfigNames);
    }

    [Fact]
    public void SkippingTheHandoverFromNoRevisionLeavesTwoInjectorsUntilTheOldIstiodIsDeleted()
    {
        // What Caution warns about: the tag is created while the old injector still serves the default
        // labels, and the old istiod is deleted last. The handover run exists to prevent exactly this.
        var walk = DeployWalk.Of("cluster1", Plain130, FirstCanary, On1311);

        Assert.Contains(
            "run 3, after MutatingWebhookConfiguration/istio-revision-tag-default: namespace {istio-injection=enabled} pod {}: 2 injectors (istiod/namespace.sidecar-injector.istio.io, istiod-1-31-1/namespace.sidecar-injector.istio.io)",
            walk.Violations);
        Assert.All(walk.Violations, v => Assert.Contains(": 2 injectors (istiod/", v, StringComparison.Ordinal));
        Assert.Equal("istiod-1-31-1", walk.DefaultInjectors[^1]);
    }

    [Theory]
    [InlineData("1.30.3")]
    [InlineData("1.31.1")]
    public void TheTagObjectSelectsWhatTheChartsRevisionTagsDefaultSelects(string version)
    {
        // What istiod's chart renders for revisionTags={default} (revision-tags-mwc.yaml over the line's
        // values) and the object MeshInfra owns instead: the same webhooks, injector and selectors.
        var plan = Plan($$"""{ "version": "{{version}}", "revision": "r1" }""");
        var istiod = plan.Cluster("cluster1").Releases.Single(r => r.Chart == "istiod");
        var chart = IstiodChartWebhooks.Render(istiod with { Values = MapNode.Of([.. istiod.Values.Entries.Select(e => (e.Key, (ManifestNode?)e.Value)), ("revisionTags", ListNode.Of("default"))]) })
            .Single(c => c.Config == "istio-revision-tag-default").Webhooks;
        var owned = new ClusterWebhooks();
        owned.Apply(plan.Cluster("cluster1").Objects.Single(o => o.Object.Metadata.Name == "istio-revision-tag-default"));

        Assert.Equal(chart, owned.Webhooks.ToList(), WebhookComparer.Instance);
    }
}
