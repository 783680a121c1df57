using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Cases the Stryker.NET run over Traffic/DestinationRuleIndex.cs (issue 17, docs/quality.md) showed no test had:
/// the root namespace's private rules and the lookup of a proxy in the root namespace, meshConfig's
/// defaultDestinationRuleExportTo ".", workload selectors of more than one label, and a rule whose exportTo
/// strictly holds an earlier one's. Istio 1.30.3 and 1.31.0-rc.0, the same code at both tags:
/// pilot/pkg/model/push_context.go (setDestinationRules, destinationRule, getExportedDestinationRuleFromNamespace,
/// initDefaultExportMaps), destination_rule.go (mergeDestinationRule), sidecar.go (SidecarScope.DestinationRule),
/// pkg/config/labels/instance.go (Instance.SubsetOf, Instance.Equals).
/// </summary>
public sealed class DestinationRuleMutantTests
{
    private static MapNode Obj(string json) => Support.ObjectText.Parse(json);

    // exportTo: its entries space-separated, null for none; selector: matchLabels as key=value,key=value.
    private static MapNode Rule(string name, string ns, string host, string? exportTo = null, string? selector = null, string? subsets = null, string? created = null) =>
        Obj("{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"DestinationRule\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"" + ns + "\""
            + (created is null ? "" : ", \"creationTimestamp\": \"" + created + "\"") + " }, \"spec\": { \"host\": \"" + host + "\""
            + (exportTo is null ? "" : ", \"exportTo\": [" + string.Join(", ", exportTo.Split(' ').Select(e => "\"" + e + "\"")) + "]")
            + (selector is null ? "" : ", \"workloadSelector\": { \"matchLabels\": { " + string.Join(", ", selector.Split(',').Select(l => l.Split('=')).Select(l => "\"" + l[0] + "\": \"" + l[1] + "\"")) + " } }")
            + (subsets is null ? "" : ", \"subsets\": [" + string.Join(", ", subsets.Split(' ').Select(s => "{ \"name\": \"" + s + "\" }")) + "]")
            + " } }");

    private static ClusterView Cluster(MapNode? istiodValues, params MapNode[] rules)
    {
        var values = istiodValues is null
            ? ImmutableSortedDictionary<string, MapNode>.Empty
            : ImmutableSortedDictionary<string, MapNode>.Empty.Add("istiod", istiodValues);
        return new TrafficModel([new ClusterState("c1", null, [.. rules], values, null)], [], TrafficFixture.Placeholder, "1.30.3").Clusters["c1"];
    }

    private static ImmutableSortedDictionary<string, string> Labels(string labels) =>
        labels.Split(',').Select(l => l.Split('=')).ToImmutableSortedDictionary(l => l[0], l => l[1], StringComparer.Ordinal);

    private static string Described(DestinationRuleView? rule) =>
        rule is null ? "none" : $"{rule.Namespace}/{rule.Source.Name}[{string.Join(" ", rule.Subsets.Select(s => s.Name))}]" + (rule.MergedFrom.IsEmpty ? "" : "+" + string.Join("+", rule.MergedFrom.Select(m => m.Name)));

    /// <summary>push_context_test.go, TestSetDestinationRuleWithExportTo: the ten rules, as written there (no creation times).</summary>
    private static readonly MapNode[] IstioExportToRules =
    [
        Rule("rule1", "test1", "httpbin.org", ". ns1", subsets: "subset1 subset2"),
        Rule("rule2", "test2", "httpbin.org", "test2 ns1 test1 newNS", subsets: "subset3 subset4"),
        Rule("rule3", "test3", "httpbin.org", "test1 test2 *", subsets: "subset5 subset6"),
        Rule("rule4-local", "test4", "httpbin.org", "test4", subsets: "subset15 subset16"),
        Rule("rule4", "istio-system", "httpbin.org", subsets: "subset7 subset8"),
        Rule("rule1", "istio-system", "httpbin.org", ".", subsets: "subset9 subset10"),
        Rule("rule2", "istio-system", "*.org", ".", subsets: "subset11 subset12"),
        Rule("rule3", "istio-system", "*.app.org", ".", subsets: "subset13 subset14"),
        Rule("rule5", "test5", "api.test.com", "istio-system", subsets: "subset5-0 subset5-1"),
        Rule("rule6", "test6", "api.test.com", "istio-system", subsets: "subset6-0 subset6-1"),
    ];

    /// <summary>
    /// push_context_test.go, TestSetDestinationRuleWithExportTo (identical at 1.30.3 and 1.31.0-rc.0), every row: the
    /// subsets of the first entry destinationRule returns for (proxy namespace, service namespace, host); "" where
    /// it returns none. Here through the proxy's choice among the entries (SidecarScope.DestinationRule, the last one
    /// without a selector): every row lands on one entry, so the first is the one chosen. The root's private rules
    /// (exportTo ".") serve only proxies in istio-system, which look at them before anything else and never at
    /// istio-system's public rules first ("subset9 subset10" from a service namespace holding nothing; rule4, public,
    /// is in the same namespace and would be the last entry there).
    /// </summary>
    [Theory]
    [InlineData("test1", "test1", "httpbin.org", "subset1 subset2")]
    [InlineData("test1", "test2", "httpbin.org", "subset1 subset2")]
    [InlineData("test2", "test1", "httpbin.org", "subset3 subset4")]
    [InlineData("newNS", "test2", "httpbin.org", "subset3 subset4")]
    [InlineData("test3", "test1", "httpbin.org", "subset5 subset6")]
    [InlineData("test5", "test4", "httpbin.org", "subset7 subset8")]
    [InlineData("ns1", "test1", "httpbin.org", "subset1 subset2")]
    [InlineData("ns1", "random", "httpbin.org", "subset7 subset8")]
    [InlineData("random", "random", "httpbin.org", "subset7 subset8")]
    [InlineData("test3", "random", "httpbin.org", "subset5 subset6")]
    [InlineData("istio-system", "random", "httpbin.org", "subset9 subset10")]
    [InlineData("istio-system", "istio-system", "httpbin.org", "subset9 subset10")]
    [InlineData("istio-system", "istio-system", "foo.app.org", "subset13 subset14")]
    [InlineData("istio-system", "test5", "api.test.com", "subset5-0 subset5-1")]
    [InlineData("istio-system", "test6", "api.test.com", "subset6-0 subset6-1")]
    [InlineData("istio-system", "test7", "api.test.com", "")]
    public void EveryRowOfIstiosTestSetDestinationRuleWithExportTo(string proxyNamespace, string serviceNamespace, string host, string subsets)
    {
        var rule = Cluster(null, IstioExportToRules).DestinationRuleFor(host, proxyNamespace, serviceNamespace);
        Assert.Equal(subsets, rule is null ? "" : string.Join(" ", rule.Subsets.Select(s => s.Name)));
    }

    /// <summary>
    /// The comment on push_context.go's destinationRule: a proxy in the root namespace (a gateway) looks for the service's
    /// own rules before the root's public ones, so a mesh-wide catch-all there does not hide them. A sidecar anywhere
    /// else finds the catch-all in its own namespace first only when it lives there; from web it takes bar's rule too.
    /// </summary>
    [Theory]
    [InlineData("istio-system", "bar/httpbin[v1]")]
    [InlineData("web", "bar/httpbin[v1]")]
    public void AProxyInTheRootNamespaceTakesTheServicesRuleBeforeTheRootsPublicCatchAll(string proxyNamespace, string want)
    {
        var cluster = Cluster(
            null,
            Rule("mesh", "istio-system", "*.svc.cluster.local", subsets: "all"),
            Rule("httpbin", "bar", "httpbin.bar.svc.cluster.local", subsets: "v1"));
        Assert.Equal(want, Described(cluster.DestinationRuleFor("httpbin.bar.svc.cluster.local", proxyNamespace, "bar")));
    }

    /// <summary>
    /// meshConfig.defaultDestinationRuleExportTo ["."] (initDefaultExportMaps): a rule without exportTo stays in its
    /// namespace (setDestinationRules: isPrivateOnly), and in the root namespace it is the root's private rule, which
    /// only proxies in istio-system see. Without that setting (the default "*"), both are exported.
    /// </summary>
    [Theory]
    [InlineData(true, "shop", "shop/cart[v1]")]
    [InlineData(true, "web", "none")]
    [InlineData(true, "istio-system", "istio-system/mesh[all]")]
    [InlineData(false, "web", "shop/cart[v1]")]
    [InlineData(false, "istio-system", "shop/cart[v1]")]
    public void ADefaultExportToOfDotKeepsARuleWithoutExportToInItsNamespace(bool privateByDefault, string proxyNamespace, string want)
    {
        var istiod = privateByDefault ? Obj("{ \"meshConfig\": { \"defaultDestinationRuleExportTo\": [\".\"] } }") : null;
        var cluster = Cluster(
            istiod,
            Rule("mesh", "istio-system", "*.svc.cluster.local", subsets: "all"),
            Rule("cart", "shop", "cart.shop.svc.cluster.local", subsets: "v1"));
        Assert.Equal(want, Described(cluster.DestinationRuleFor("cart.shop.svc.cluster.local", proxyNamespace, "shop")));
    }

    /// <summary>
    /// A private rule of a client namespace hides a public wildcard of the service's namespace only from that client
    /// namespace: from elsewhere the wildcard is the rule (setDestinationRules keeps exportTo ["."] out of the exported
    /// index, so getExportedDestinationRuleFromNamespace finds the wildcard as the most specific exported host).
    /// </summary>
    [Theory]
    [InlineData(".", "shop", "shop/cart[v1]")]
    [InlineData(".", "web", "shop/any[all]")]
    [InlineData("shop", "web", "shop/any[all]")]
    public void APrivateRuleDoesNotHideItsNamespacesPublicWildcardFromOthers(string exportTo, string proxyNamespace, string want)
    {
        var cluster = Cluster(
            null,
            Rule("any", "shop", "*.shop.svc.cluster.local", "*", subsets: "all"),
            Rule("cart", "shop", "cart.shop.svc.cluster.local", exportTo, subsets: "v1"));
        Assert.Equal(want, Described(cluster.DestinationRuleFor("cart.shop.svc.cluster.local", proxyNamespace, "shop")));
    }

    /// <summary>
    /// sidecar.go, SidecarScope.DestinationRule: a rule's selector applies when it is a subset of the proxy's labels
    /// (labels.Instance.SubsetOf: every key present with the same value), else the last rule without one.
    /// </summary>
    [Theory]
    [InlineData("app=sleep,version=v1", "shop/v1-only[]")]
    [InlineData("app=sleep,version=v1,team=a", "shop/v1-only[]")]
    [InlineData("app=sleep,version=v2", "shop/all[]")]
    [InlineData("app=curl,version=v1", "shop/all[]")]
    [InlineData("app=sleep", "shop/all[]")]
    public void AWorkloadSelectorPicksOnlyAProxyWithEveryOneOfItsLabels(string proxy, string want)
    {
        var cluster = Cluster(
            null,
            Rule("v1-only", "shop", "cart.shop.svc.cluster.local", selector: "app=sleep,version=v1"),
            Rule("all", "shop", "cart.shop.svc.cluster.local"));
        Assert.Equal(want, Described(cluster.DestinationRuleFor("cart.shop.svc.cluster.local", "shop", "shop", Labels(proxy))));
    }

    /// <summary>
    /// mergeDestinationRule: two selector rules merge only when their matchLabels are equal (labels.Instance.Equals,
    /// maps.Equal); the same keys with one value different stay two entries, each for the proxies it selects.
    /// </summary>
    [Theory]
    [InlineData("app=sleep,version=v1", "shop/for-v1[a]")]
    [InlineData("app=sleep,version=v2", "shop/for-v2[b]")]
    public void SelectorsWithTheSameKeysAndAnotherValueDoNotMerge(string proxy, string want)
    {
        var cluster = Cluster(
            null,
            Rule("for-v1", "shop", "cart.shop.svc.cluster.local", selector: "app=sleep,version=v1", subsets: "a", created: "2026-12-01T10:00:00Z"),
            Rule("for-v2", "shop", "cart.shop.svc.cluster.local", selector: "app=sleep,version=v2", subsets: "b", created: "2026-12-01T10:00:01Z"));
        Assert.Equal(want, Described(cluster.DestinationRuleFor("cart.shop.svc.cluster.local", "shop", "shop", Labels(proxy))));
    }

    /// <summary>
    /// mergeDestinationRule with ENABLE_ENHANCED_DESTINATIONRULE_MERGE (on by default at both tags): a later rule without a
    /// selector whose exportTo strictly holds an earlier one's sets appendSeparately true ("merge and also append as a
    /// standalone one"), but then both are without a selector, which sets it back to false: the later rule is merged
    /// into the earlier one and not kept on its own. A proxy of a namespace only the later rule names finds the host
    /// in shop's exported index, none of its entries exported to it, and gets the root namespace's rule.
    /// </summary>
    [Theory]
    [InlineData("web", "shop/narrow[a b]+wide")]
    [InlineData("batch", "istio-system/mesh[all]")]
    public void ALaterRuleWhoseExportToHoldsAnEarlierOnesIsMergedIntoItAndNotKeptOnItsOwn(string proxyNamespace, string want)
    {
        var cluster = Cluster(
            null,
            Rule("mesh", "istio-system", "*.svc.cluster.local", subsets: "all"),
            Rule("narrow", "shop", "cart.shop.svc.cluster.local", "web", subsets: "a", created: "2026-12-01T10:00:00Z"),
            Rule("wide", "shop", "cart.shop.svc.cluster.local", "web batch", subsets: "b", created: "2026-12-01T10:00:01Z"));
        Assert.Equal(want, Described(cluster.DestinationRuleFor("cart.shop.svc.cluster.local", proxyNamespace, "shop")));
    }
}
