using System.Collections.Immutable;
using System.Text.Json.Nodes;
using MeshInfra.Injection;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Which pods the model gives a sidecar, by the namespace's labels and the pod's own: the istiod chart's
/// webhooks (manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml, 1.30.3 and
/// 1.31.0-rc.0) and the injector's injectRequired (pkg/kube/inject/inject.go, both tags). The walkthrough's
/// sleep (cluster1/foo) to httpbin.bar.global:8000 (cluster2/bar, through cluster2's east-west gateway, which
/// keeps only endpoints with a sidecar: pilot/pkg/xds/endpoints/ep_filters.go, EndpointsWithMTLSFilter).
/// </summary>
public sealed class SidecarInjectionTests
{
    private static TraceRequest Sleep() => TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000);

    private static MapNode WithAt(MapNode map, string[] path, ManifestNode value) =>
        path.Length == 1 ? TrafficFixture.With(map, path[0], value) : TrafficFixture.With(map, path[0], WithAt(map[path[0]] as MapNode ?? MapNode.Of(), path[1..], value));

    /// <summary>The seed with <paramref name="ns"/>'s labels replaced and the Deployment <paramref name="app"/>'s pod template given these labels and annotations.</summary>
    private static TraceResult Trace(string cluster, string ns, string app, (string, string)[] nsLabels, (string, string)[] podLabels, (string, string)[]? podAnnotations = null) =>
        TrafficFixture.For(Configs.Seed, s =>
        {
            if (s.Name != cluster)
            {
                return s;
            }

            s = TrafficFixture.Replace(s, "Namespace", ns, n => WithAt(n, ["metadata", "labels"], MapNode.OfStrings(nsLabels.Select(l => KeyValuePair.Create(l.Item1, l.Item2)))));
            return TrafficFixture.Replace(s, "Deployment", app, d =>
            {
                foreach (var (key, value) in podLabels)
                {
                    d = WithAt(d, ["spec", "template", "metadata", "labels", key], value);
                }

                foreach (var (key, value) in podAnnotations ?? [])
                {
                    d = WithAt(d, ["spec", "template", "metadata", "annotations", key], value);
                }

                return d;
            });
        }).Model.Trace(Sleep());

    private static string Outcome(TraceResult result) =>
        result.Failures.Length == 0 ? $"reaches {result.SharesText}" : string.Join("; ", result.Failures.Select(f => f.Reason));

    private const string Reaches = "reaches cluster2 v1 100%";

    private const string DroppedNoSidecar = "(dropped: cluster2/bar/httpbin (v1) (no sidecar: tlsMode disabled))";

    private static readonly (string, string)[] None = [];

    /// <summary>
    /// object.sidecar-injector.istio.io: namespace <c>istio-injection DoesNotExist</c>, <c>istio.io/rev DoesNotExist</c>;
    /// pod <c>sidecar.istio.io/inject In ["true"]</c>, <c>istio.io/rev DoesNotExist</c>. httpbin so labelled in a
    /// namespace without labels runs a sidecar and takes the mTLS the east-west gateway sends; unlabelled it is dropped.
    /// </summary>
    [Fact]
    public void AServerPodLabelledInjectTrueInANamespaceWithoutLabelsRunsASidecar()
    {
        Assert.Equal(Reaches, Outcome(Trace("cluster2", "bar", "httpbin", None, [("sidecar.istio.io/inject", "true")])));
        Assert.EndsWith(DroppedNoSidecar, Outcome(Trace("cluster2", "bar", "httpbin", None, None)), StringComparison.Ordinal);
    }

    /// <summary>
    /// rev.object.sidecar-injector.istio.io of the revision-less istiod: pod <c>istio.io/rev In ["default"]</c> in a
    /// namespace with neither label. A revision no injector serves selects nothing.
    /// </summary>
    [Theory]
    [InlineData("default", Reaches)]
    [InlineData("canary", DroppedNoSidecar)]
    public void AServerPodLabelledWithARevisionTheClusterRunsRunsASidecar(string revision, string want) =>
        Assert.EndsWith(want, Outcome(Trace("cluster2", "bar", "httpbin", None, [("istio.io/rev", revision)])), StringComparison.Ordinal);

    /// <summary>
    /// rev.namespace.sidecar-injector.istio.io selects <c>istio.io/rev In [&lt;revision&gt;]</c>: a namespace of a
    /// revision the cluster does not run (here only the revision-less istiod, "default") gets no sidecar.
    /// </summary>
    [Theory]
    [InlineData("default", Reaches)]
    [InlineData("canary", DroppedNoSidecar)]
    public void ANamespaceLabelledWithARevisionIsInjectedOnlyWhereThatRevisionRuns(string revision, string want) =>
        Assert.EndsWith(want, Outcome(Trace("cluster2", "bar", "httpbin", [("istio.io/rev", revision)], None)), StringComparison.Ordinal);

    /// <summary>
    /// A namespace that says <c>istio-injection=disabled</c> matches no webhook (namespace. needs <c>In [enabled]</c>,
    /// the others <c>DoesNotExist</c>): the pod's own <c>inject: "true"</c> does not help.
    /// </summary>
    [Fact]
    public void ANamespaceWithInjectionDisabledWinsOverThePodsLabel() =>
        Assert.EndsWith(DroppedNoSidecar, Outcome(Trace("cluster2", "bar", "httpbin", [("istio-injection", "disabled")], [("sidecar.istio.io/inject", "true")])), StringComparison.Ordinal);

    /// <summary>
    /// injectRequired reads the label before the annotation ("The label is the new API; if both are present we
    /// prefer the label"): label true and annotation false in an injected namespace is injected; the annotation alone
    /// turns it off.
    /// </summary>
    [Theory]
    [InlineData("true", "false", Reaches)]
    [InlineData(null, "false", DroppedNoSidecar)]
    public void ThePodsLabelWinsOverItsAnnotation(string? label, string annotation, string want) =>
        Assert.EndsWith(want, Outcome(Trace("cluster2", "bar", "httpbin", [("istio-injection", "enabled")], label is null ? None : [("sidecar.istio.io/inject", label)], [("sidecar.istio.io/inject", annotation)])), StringComparison.Ordinal);

    /// <summary>
    /// The client side: sleep labelled <c>inject: "true"</c> in a namespace without labels gets a sidecar, whose DNS
    /// proxy answers httpbin.bar.global and whose mTLS the east-west gateway takes; labelled <c>"false"</c> in an
    /// injected namespace (namespace. needs <c>NotIn ["false"]</c>) it has none, and its request never leaves.
    /// </summary>
    [Fact]
    public void AClientPodsLabelDecidesWhetherItsRequestIsMeshTraffic()
    {
        var injectedByLabel = Trace("cluster1", "foo", "sleep", None, [("sidecar.istio.io/inject", "true")]);
        Assert.Equal(Reaches, Outcome(injectedByLabel));
        var optedOut = Trace("cluster1", "foo", "sleep", [("istio-injection", "enabled")], [("sidecar.istio.io/inject", "false")]);
        Assert.Empty(optedOut.Arrivals);
        Assert.Equal(Outcome(Trace("cluster1", "foo", "sleep", None, None)), Outcome(optedOut));
    }

    private static MeshPlan Plan(string istio)
    {
        var root = JsonNode.Parse(Configs.Seed)!.AsObject();
        root["istio"] = JsonNode.Parse(istio);
        return Configs.Plan(root.ToJsonString());
    }

    /// <summary>
    /// For every combination of the four labels (and values of a served revision, an unserved one, and odd values),
    /// the model injects exactly where some webhook the cluster holds after a deploy selects the pod: the webhooks
    /// evaluated from the chart templates and the plan's revision tag (MeshInfra.Injection.ClusterWebhooks), for a
    /// revision-less control plane, a canary beside it, and a revisioned one with the default tag.
    /// </summary>
    [Theory]
    [InlineData("""{ "version": "1.30.3" }""")]
    [InlineData("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3" } }""")]
    [InlineData("""{ "version": "1.31.1", "revision": "1-31-1" }""")]
    public void TheModelInjectsWhereTheChartsWebhooksSelect(string istio)
    {
        var plan = Plan(istio);
        var webhooks = new ClusterWebhooks();
        foreach (var resource in plan.Clusters.Single(c => c.Cluster.Name == "cluster1").Resources)
        {
            webhooks.Apply(resource);
        }

        var state = MeshTraffic.FromPlan(plan, TrafficFixture.Placeholder).Clusters.Single(c => c.Name == "cluster1");
        var injector = SidecarInjector.For(state, new DocReader(TrafficFixture.Placeholder));
        string?[] injection = [null, "enabled", "disabled"];
        string?[] revisions = [null, "default", "1-31-1", "canary"];
        // "" matches NotIn ["false"], and injectRequired takes an empty value as unset: the policy injects.
        string?[] inject = [null, "true", "false", "yes", ""];
        var disagreements = new List<string>();
        foreach (var nsInjection in injection)
        {
            foreach (var nsRevision in revisions)
            {
                foreach (var podInject in inject)
                {
                    foreach (var podRevision in revisions)
                    {
                        var ns = InjectionMatrix.Labels(("istio-injection", nsInjection), ("istio.io/rev", nsRevision));
                        var pod = InjectionMatrix.Labels(("sidecar.istio.io/inject", podInject), ("istio.io/rev", podRevision));
                        var selected = webhooks.Webhooks.Any(w => w.Matches(ns, pod));
                        if (selected != injector.Injects("shop", ns, pod, ImmutableSortedDictionary<string, string>.Empty))
                        {
                            disagreements.Add($"namespace {string.Join(",", ns)} pod {string.Join(",", pod)}: webhooks {selected}");
                        }
                    }
                }
            }
        }

        Assert.Empty(disagreements);
        Assert.All(
            ["kube-system", "kube-public", "kube-node-lease", "local-path-storage"],
            ns => Assert.False(injector.Injects(ns, InjectionMatrix.Labels(("istio-injection", "enabled")), InjectionMatrix.Labels(), ImmutableSortedDictionary<string, string>.Empty), ns));
    }
}
