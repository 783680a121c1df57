using System.Collections.Immutable;
using System.Text.Json;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Several DestinationRules for one host, and rules with a workloadSelector, as istiod combines them
/// (push_context.go setDestinationRules and destinationRule, destination_rule.go mergeDestinationRule,
/// sidecar.go SidecarScope.DestinationRule; the same at 1.30.3 and 1.31.0-rc.0). The first cases are
/// Istio's own tests at both tags, as data; the last ones say where a request from sleep lands.
/// </summary>
public sealed class DestinationRuleMergeCases
{
    private static MapNode Obj(string json) => (MapNode)ManifestJson.FromJson(JsonDocument.Parse(json).RootElement)!;

    private static string Rule(string name, string ns, string host, string? created = null, string? exportTo = null, string? selector = null, string? subsets = null, string? policy = null) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"DestinationRule\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"" + ns + "\""
        + (created is null ? "" : ", \"creationTimestamp\": \"" + created + "\"") + " }, \"spec\": { \"host\": \"" + host + "\""
        + (exportTo is null ? "" : ", \"exportTo\": [" + exportTo + "]")
        + (selector is null ? "" : ", \"workloadSelector\": { \"matchLabels\": { \"app\": \"" + selector + "\" } }")
        + (subsets is null ? "" : ", \"subsets\": [" + string.Join(", ", subsets.Split(' ').Select(s => "{ \"name\": \"" + s + "\", \"labels\": { \"version\": \"" + s + "\" } }")) + "]")
        + (policy is null ? "" : ", \"trafficPolicy\": { \"tls\": { \"mode\": \"" + policy + "\" } }")
        + " } }";

    private static ClusterView Cluster(params string[] rules) =>
        new TrafficModel([new ClusterState("c1", null, [.. rules.Select(Obj)], ImmutableSortedDictionary<string, MapNode>.Empty, null)], [], TrafficFixture.Placeholder, "1.30.3").Clusters["c1"];

    private static ImmutableSortedDictionary<string, string> App(string app) => ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal).Add("app", app);

    private static string Described(DestinationRuleView? rule) =>
        rule is null ? "none" : $"{rule.Source.Name}[{string.Join(" ", rule.Subsets.Select(s => s.Name))}]" + (rule.MergedFrom.IsEmpty ? "" : "+" + string.Join("+", rule.MergedFrom.Select(m => m.Name)));

    /// <summary>
    /// push_context_test.go, TestSetDestinationRuleMerging (1.30.3 and 1.31.0-rc.0): rule1 and rule2 (no exportTo)
    /// merge into one entry with four subsets, locally and exported; rule3 (exportTo istio-system) stands alone
    /// in the exported index. What each proxy then gets: its own namespace's merged rule; elsewhere the merged
    /// exported one; in istio-system both exported entries are visible and the last one without a selector, rule3, is taken.
    /// </summary>
    [Theory]
    [InlineData("test", "rule1[subset1 subset2 subset3 subset4]+rule2")]
    [InlineData("other", "rule1[subset1 subset2 subset3 subset4]+rule2")]
    [InlineData("istio-system", "rule3[subset5 subset6]")]
    public void RulesOfOneNamespaceMergeAsInIstiosTestSetDestinationRuleMerging(string proxyNamespace, string want)
    {
        var cluster = Cluster(
            Rule("rule1", "test", "httpbin.org", subsets: "subset1 subset2"),
            Rule("rule2", "test", "httpbin.org", subsets: "subset3 subset4"),
            Rule("rule3", "test", "httpbin.org", exportTo: "\"istio-system\"", subsets: "subset5 subset6"));
        Assert.Equal(want, Described(cluster.DestinationRuleFor("httpbin.org", proxyNamespace, "test")));
    }

    /// <summary>
    /// push_context_test.go, TestSetDestinationRuleWithWorkloadSelector (1.30.3 and 1.31.0-rc.0): nsRule1 selects
    /// app1, nsRule2 and nsRule3 select app2 (merged: the same selector), nsRule4 (no selector, the oldest, exportTo
    /// "." and test2) merges into both and stands alone. A proxy of test gets the rule that selects it, else nsRule4;
    /// a proxy of test2 never sees a workloadSelector rule (they are not exported).
    /// </summary>
    [Theory]
    [InlineData("test", "app1", "nsRule1[]+nsRule4", "MUTUAL")]
    [InlineData("test", "app2", "nsRule2[]+nsRule3+nsRule4", "SIMPLE")]
    [InlineData("test", "app3", "nsRule4[]", "SIMPLE")]
    [InlineData("test2", "app1", "nsRule4[]", "SIMPLE")]
    public void WorkloadSelectorRulesAgreeWithIstiosTestSetDestinationRuleWithWorkloadSelector(string proxyNamespace, string app, string want, string tls)
    {
        var cluster = Cluster(
            Rule("nsRule1", "test", "httpbin.org", "2026-12-01T10:00:00Z", "\"test2\", \".\"", "app1", policy: "MUTUAL"),
            Rule("nsRule2", "test", "httpbin.org", "2026-12-01T10:00:01Z", "\"test2\", \".\"", "app2", policy: "SIMPLE"),
            Rule("nsRule3", "test", "httpbin.org", "2026-12-01T10:00:01Z", "\"test2\", \".\"", "app2", policy: "SIMPLE"),
            Rule("nsRule4", "test", "httpbin.org", "2026-12-01T09:59:59Z", "\".\", \"test2\"", policy: "SIMPLE"));
        var rule = cluster.DestinationRuleFor("httpbin.org", proxyNamespace, "test", App(app));
        Assert.Equal(want, Described(rule));
        Assert.Equal(tls, (rule?.TrafficPolicy?.At("tls", "mode") as ScalarNode)?.Value);
    }

    /// <summary>
    /// sidecar_test.go, TestCreateSidecarScope, cases sidecar-scope-with-matching-workloadselector-dr,
    /// -with-non-matching-workloadselector-dr and -same-workloadselector-labels-drs-should-be-merged (1.30.3 and
    /// 1.31.0-rc.0): drRule1 and drRule3 select app1 and merge (drRule1's policy, drRule3's subsets); app5 gets
    /// the rule without a selector. Both tests name two rules drRule3; no creation times, so by name.
    /// </summary>
    [Theory]
    [InlineData("app2", "drRule2[]")]
    [InlineData("app5", "drRule3[]")]
    [InlineData("app1", "drRule1[subset1 subset2]+drRule3")]
    public void WorkloadSelectorRulesAgreeWithIstiosTestCreateSidecarScope(string app, string want)
    {
        var cluster = Cluster(
            Rule("drRule1", "mynamespace", "httpbin.org", selector: "app1", policy: "ISTIO_MUTUAL"),
            Rule("drRule2", "mynamespace", "httpbin.org", selector: "app2"),
            Rule("drRule3", "mynamespace", "httpbin.org", selector: "app1", subsets: "subset1 subset2"),
            Rule("drRule3", "mynamespace", "httpbin.org", policy: "SIMPLE"));
        var rule = cluster.DestinationRuleFor("httpbin.org", "mynamespace", "mynamespace", App(app));
        Assert.Equal(want, Described(rule));
        if (app == "app1")
        {
            Assert.Equal("ISTIO_MUTUAL", (rule!.TrafficPolicy?.At("tls", "mode") as ScalarNode)?.Value);
        }
    }

    [Fact]
    public void TheOldestRuleKeepsItsPolicyAndItsSubsetWhereALaterOneRepeatsTheName()
    {
        var cluster = Cluster(
            Rule("b-newer", "shop", "cart", "2026-12-01T10:00:01Z", subsets: "v1 v3", policy: "DISABLE"),
            Rule("a-older", "shop", "cart", "2026-12-01T10:00:00Z", subsets: "v1 v2", policy: "ISTIO_MUTUAL"));
        var rule = cluster.DestinationRuleFor("cart.shop.svc.cluster.local", "shop", "shop")!;
        Assert.Equal("a-older[v1 v2 v3]+b-newer", Described(rule));
        Assert.Equal("ISTIO_MUTUAL", (rule.TrafficPolicy?.At("tls", "mode") as ScalarNode)?.Value);
    }

    [Fact]
    public void RulesOfDifferentExportToStayApartAndAProxyTakesTheLastOneItSees()
    {
        // exportTo "*" and "." are different sets: no merge; in shop both are in the local index, the later one is taken.
        var cluster = Cluster(
            Rule("public", "shop", "cart", "2026-12-01T10:00:00Z", "\"*\"", subsets: "v1"),
            Rule("private", "shop", "cart", "2026-12-01T10:00:01Z", "\".\"", subsets: "v2"));
        Assert.Equal("private[v2]", Described(cluster.DestinationRuleFor("cart.shop.svc.cluster.local", "shop", "shop")));
        Assert.Equal("public[v1]", Described(cluster.DestinationRuleFor("cart.shop.svc.cluster.local", "web", "shop")));
    }

    /// <summary>
    /// A rule without a selector private to its namespace (exportTo "."), created after a workloadSelector rule for
    /// the same host there: both have the exportTo set {"."}, so mergeDestinationRule merges it into the selector
    /// rule and does not keep it on its own (neither both-without nor both-with a selector, so appendSeparately stays
    /// false). A proxy of that namespace the selector does not pick finds the host in its own namespace's index and
    /// gets no rule at all, not even the root namespace's.
    /// </summary>
    [Fact]
    public void APrivateRuleMergedIntoAWorkloadSelectorRuleIsLostForTheProxiesItDoesNotSelect()
    {
        var cluster = Cluster(
            Rule("for-web", "shop", "cart", "2026-12-01T10:00:01Z", selector: "web", policy: "SIMPLE"),
            Rule("for-all", "shop", "cart", "2026-12-01T10:00:00Z", "\".\"", policy: "ISTIO_MUTUAL"),
            Rule("mesh", "istio-system", "*.svc.cluster.local", policy: "ISTIO_MUTUAL"));
        Assert.Equal("for-web[]+for-all", Described(cluster.DestinationRuleFor("cart.shop.svc.cluster.local", "shop", "shop", App("web"))));
        Assert.Null(cluster.DestinationRuleFor("cart.shop.svc.cluster.local", "shop", "shop", App("batch")));
        Assert.Equal("mesh[]", Described(cluster.DestinationRuleFor("cart.shop.svc.cluster.local", "web", "shop", App("batch"))));
    }

    private static TraceRequest Sleep() => TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000);

    private static TrafficModel With(Func<ClusterState, ClusterState> cluster1) =>
        TrafficFixture.For(Configs.Seed, s => s.Name == "cluster1" ? cluster1(s) : s).Model;

    private static ClusterState Add(ClusterState s, params string[] objects) => s with { Objects = s.Objects.AddRange(objects.Select(Obj)) };

    private static ClusterState Stamp(ClusterState s, string name, string created) =>
        TrafficFixture.Replace(s, "DestinationRule", name, d => TrafficFixture.With(d, "metadata", TrafficFixture.With((MapNode)d["metadata"]!, "creationTimestamp", created)));

    [Fact]
    public void AnOlderUserRuleForTheGlobalHostInIstioSystemGivesItsPolicyToMeshInfrasAndTheGatewayRefusesIt()
    {
        var theirs = Rule("theirs", "istio-system", "httpbin.bar.global", "2026-11-01T00:00:00Z", policy: "DISABLE");
        var result = With(s => Add(s, theirs)).Trace(Sleep());
        Assert.Empty(result.Arrivals);
        Assert.Equal(FailureKind.GatewayRequiresMtls, Assert.Single(result.Failures).Kind);
        var hop = Assert.Single(result.Hops, h => h.Step == "cluster");
        Assert.EndsWith("(DestinationRule istio-system/theirs merged with istio-system/httpbin.bar.global)", hop.Detail, StringComparison.Ordinal);
        Assert.Equal("cluster1 DestinationRule istio-system/theirs", hop.DecidedBy?.ToString());
    }

    [Fact]
    public void ANewerUserRuleOnlyAddsSubsetsOfNewNamesAndTheRequestStillArrives()
    {
        var theirs = Rule("theirs", "istio-system", "httpbin.bar.global", "2026-11-02T00:00:00Z", subsets: "cluster2 canary", policy: "DISABLE");
        var model = With(s => Add(Stamp(s, "httpbin.bar.global", "2026-11-01T00:00:00Z"), theirs));
        Assert.Equal("cluster2 v1 100%", model.Trace(Sleep()).SharesText);
        var rule = model.Clusters["cluster1"].DestinationRuleFor("httpbin.bar.global", "foo", "istio-system")!;
        Assert.Equal("httpbin.bar.global[cluster2 canary]+theirs", Described(rule));
        Assert.Equal("cluster2", rule.Subset("cluster2")!.Labels["cluster"]);
    }

    [Fact]
    public void AWorkloadSelectorRuleInTheClientsNamespaceDecidesForThePodsItSelectsAndLeavesTheOthersWithout()
    {
        var theirs = Rule("sleep-only", "foo", "httpbin.bar.global", selector: "sleep", policy: "DISABLE");
        var model = With(s => Add(s, theirs));
        var result = model.Trace(Sleep());
        Assert.Equal(FailureKind.GatewayRequiresMtls, Assert.Single(result.Failures).Kind);
        Assert.Equal("cluster1 DestinationRule foo/sleep-only", Assert.Single(result.Hops, h => h.Step == "cluster").DecidedBy?.ToString());

        // Another pod of foo: the host is in foo's own index, so istio-system's rule is never looked at.
        var curl = model.Clusters["cluster1"].AssumedClient("foo", "curl");
        Assert.Null(model.Clusters["cluster1"].DestinationRuleFor("httpbin.bar.global", curl, "istio-system"));
        Assert.Equal("httpbin.bar.global[cluster2]", Described(model.Clusters["cluster1"].DestinationRuleFor("httpbin.bar.global", model.Clusters["cluster1"].AssumedClient("web", "curl"), "istio-system")));
    }
}
