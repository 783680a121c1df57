using MeshInfra.Model.Doctor;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Tests.Doctor;

/// <summary>
/// Shadowing: other people's Istio objects that Istio's precedence puts before MeshInfra's. The
/// DestinationRule rows are ported from Istio's push_context_test.go TestSetDestinationRuleWithExportTo
/// (1.30.3), with MeshInfra's public rule in istio-system in the role of its "rule4".
/// </summary>
public sealed class ShadowTests
{
    private const string Host = "httpbin.bar.global";

    private static MapNode DestinationRule(string ns, string name, string host, params string[] exportTo) =>
        new KubeObject("networking.istio.io/v1", "DestinationRule", ObjectMeta.Named(name, ns), MapNode.Of(("spec", MapNode.Of(
            ("host", host),
            ("exportTo", exportTo.Length == 0 ? null : ListNode.From(exportTo.Select(e => (ManifestNode)e))),
            ("subsets", ListNode.Of(MapNode.Of(("name", "subset1")))))))).ToNode();

    private static MapNode VirtualService(string ns, string name, string created, string[] hosts, string[]? exportTo = null, string[]? gateways = null) =>
        LiveMesh.Set(new KubeObject("networking.istio.io/v1", "VirtualService", ObjectMeta.Named(name, ns), MapNode.Of(("spec", MapNode.Of(
            ("hosts", ListNode.From(hosts.Select(h => (ManifestNode)h))),
            ("exportTo", exportTo is null ? null : ListNode.From(exportTo.Select(e => (ManifestNode)e))),
            ("gateways", gateways is null ? null : ListNode.From(gateways.Select(g => (ManifestNode)g))),
            ("http", ListNode.Of(MapNode.Of(("route", ListNode.Of(MapNode.Of(("destination", MapNode.Of(("host", "elsewhere.foo.svc.cluster.local"))))))))))))).ToNode(), created, "metadata", "creationTimestamp");

    [Theory]
    // rule1 of test1, exportTo [".", "ns1"]: its own namespace's clients use it (row test1-test1).
    [InlineData("test1", Host, new[] { ".", "ns1" }, "clients in namespace test1")]
    // rule2 of test2, exported to itself and others: test2's clients use it (row test2-test1).
    [InlineData("test2", Host, new[] { "test2", "ns1", "test1", "newNS" }, "clients in namespace test2")]
    // rule3 of test3, exported to "*": test3's clients use it (row test3-random).
    [InlineData("test3", Host, new[] { "test1", "test2", "*" }, "clients in namespace test3")]
    // rule4-local of test4, exportTo [test4].
    [InlineData("test4", Host, new[] { "test4" }, "clients in namespace test4")]
    // Exported only to ns1 from test1: ns1's clients still take the root's rule (row ns1-random).
    [InlineData("test1", Host, new[] { "ns1" }, null)]
    // The root's private rule comes first for proxies in istio-system (row istio-system-random).
    [InlineData("istio-system", Host, new[] { "." }, "proxies in istio-system")]
    // A private wildcard in the root counts too (rule3 "*.app.org", row istio-system-istio-system appHost).
    [InlineData("istio-system", "*.global", new[] { "." }, "proxies in istio-system")]
    // A wildcard in a client namespace wins there: MostSpecificHostMatch looks in that namespace first.
    [InlineData("foo", "*.global", new string[0], "clients in namespace foo")]
    // A public wildcard in the root loses to MeshInfra's exact host in the same index.
    [InlineData("istio-system", "*.global", new string[0], null)]
    public void OtherDestinationRuleForAGlobalHostShadowsOursWhereIstioLooksFirst(string ns, string host, string[] exportTo, string? who)
    {
        var mesh = LiveMesh.Dev();
        mesh.Add("cluster1", DestinationRule(ns, "theirs", host, exportTo));
        var report = mesh.Examine();
        var described = $"DestinationRule {ns}/theirs";
        if (who is null)
        {
            Assert.Empty(report.Findings);
            return;
        }

        var finding = DoctorAssert.Single(report, FindingKind.Shadowed, described, "push_context.go, destinationRule");
        Assert.Contains(Host, finding.Message, StringComparison.Ordinal);
        Assert.Contains("for " + who, finding.Message, StringComparison.Ordinal);
        Assert.All(report.Findings, f => Assert.Equal(FindingKind.Shadowed, f.Kind));
    }

    [Fact]
    public void OlderSameHostRuleInTheRootIsMergedAndKeepsItsPolicy()
    {
        var mesh = LiveMesh.Dev();
        mesh.Edit("cluster1", "DestinationRule", "istio-system", Host, d => LiveMesh.Set(d, "2026-11-02T00:00:00Z", "metadata", "creationTimestamp"));
        var theirs = LiveMesh.Set(LiveMesh.Set(DestinationRule("istio-system", "theirs", Host), MapNode.Of(("tls", MapNode.Of(("mode", "DISABLE")))), "spec", "trafficPolicy"), "2026-11-01T00:00:00Z", "metadata", "creationTimestamp");
        mesh.Add("cluster1", theirs);
        var finding = DoctorAssert.Single(mesh.Examine(), FindingKind.Shadowed, "DestinationRule istio-system/theirs", "mergeDestinationRule");
        Assert.Contains("is older", finding.Message, StringComparison.Ordinal);

        // Created after MeshInfra's, its policy is the one dropped: no finding.
        mesh.Edit("cluster1", "DestinationRule", "istio-system", "theirs", d => LiveMesh.Set(d, "2026-11-03T00:00:00Z", "metadata", "creationTimestamp"));
        Assert.Empty(mesh.Examine().Findings);
    }

    [Fact]
    public void OlderRuleForALocalHostInTheEastWestNamespaceIsMergedWithOursThere()
    {
        // MeshInfra's version rule for reviews is private to the east-west gateway's namespace, where
        // the gateway's proxy finds it first; another rule for the same host there merges with it.
        var mesh = LiveMesh.Dev();
        mesh.Edit("cluster2", "DestinationRule", "istio-eastwest", "reviews.default.svc.cluster.local", d => LiveMesh.Set(d, "2026-11-02T00:00:00Z", "metadata", "creationTimestamp"));
        // Private there like ours (exportTo ["."]): the same exportTo set, so istiod merges ours into the older one.
        var theirs = LiveMesh.Set(DestinationRule("istio-eastwest", "reviews-old", "reviews.default.svc.cluster.local", "."), "2026-11-01T00:00:00Z", "metadata", "creationTimestamp");
        mesh.Add("cluster2", LiveMesh.Set(theirs, ListNode.Of(MapNode.Of(("name", "v2"), ("labels", MapNode.OfStrings([KeyValuePair.Create("version", "v1")])))), "spec", "subsets"));
        var report = mesh.Examine();
        var finding = DoctorAssert.Single(report, FindingKind.Shadowed, "DestinationRule istio-eastwest/reviews-old", "mergeDestinationRule");
        Assert.Equal("cluster2", finding.Cluster);

        // Public (no exportTo): a different exportTo set, so the two stay apart and the gateway takes the later one, ours.
        var apart = LiveMesh.Dev();
        apart.Edit("cluster2", "DestinationRule", "istio-eastwest", "reviews.default.svc.cluster.local", d => LiveMesh.Set(d, "2026-11-02T00:00:00Z", "metadata", "creationTimestamp"));
        apart.Add("cluster2", LiveMesh.Set(LiveMesh.Set(DestinationRule("istio-eastwest", "reviews-old", "reviews.default.svc.cluster.local"), "2026-11-01T00:00:00Z", "metadata", "creationTimestamp"),
            ListNode.Of(MapNode.Of(("name", "v2"), ("labels", MapNode.OfStrings([KeyValuePair.Create("version", "v1")])))), "spec", "subsets"));
        Assert.Empty(apart.Examine().Findings);

        // A wildcard rule elsewhere does not reach the gateway's proxy: its own namespace's rule comes first.
        var other = LiveMesh.Dev();
        other.Add("cluster2", DestinationRule("default", "everything", "*.svc.cluster.local"));
        Assert.Empty(other.Examine().Findings);
    }

    [Theory]
    // Private to foo: before every VirtualService exported or public for foo's clients, MeshInfra's two included.
    [InlineData(new[] { "." }, "2026-11-03T00:00:00Z", null, "clients in namespace foo")]
    // Exported to bar and older than MeshInfra's copy exported to bar: the older one of the group wins.
    [InlineData(new[] { "bar" }, "2026-11-01T00:00:00Z", null, "clients in namespace bar")]
    // Exported to bar but newer: MeshInfra's copy exported to bar (a namespace the stack knows) comes first.
    [InlineData(new[] { "bar" }, "2026-11-03T00:00:00Z", null, null)]
    // Exported to a namespace MeshInfra's copy does not name: before MeshInfra's public route there.
    [InlineData(new[] { "shop" }, "2026-11-03T00:00:00Z", null, "clients in namespace shop")]
    // Public and older than MeshInfra's public route: it wins, except where MeshInfra's copy is exported by name.
    [InlineData(null, "2026-11-01T00:00:00Z", null, "every client namespace but bar, default, foo, meshinfra-probe")]
    // Public and newer: it is the one dropped.
    [InlineData(null, "2026-11-03T00:00:00Z", null, null)]
    // Bound to an ingress gateway only: sidecars never see it.
    [InlineData(null, "2026-11-01T00:00:00Z", new[] { "istio-system/ingress" }, null)]
    // Exported to no one.
    [InlineData(new[] { "~" }, "2026-11-01T00:00:00Z", null, null)]
    public void OtherVirtualServiceForOurRoutedHostWinsByIstiosOrder(string[]? exportTo, string created, string[]? gateways, string? who)
    {
        var mesh = LiveMesh.Dev();
        mesh.Edit("cluster1", "VirtualService", "istio-system", "reviews.default.global", v => LiveMesh.Set(v, "2026-11-02T00:00:00Z", "metadata", "creationTimestamp"));
        mesh.Edit("cluster1", "VirtualService", "istio-system", "reviews.default.global.exported", v => LiveMesh.Set(v, "2026-11-02T00:00:00Z", "metadata", "creationTimestamp"));
        mesh.Add("cluster1", VirtualService("foo", "reviews-canary", created, ["reviews.default.global"], exportTo, gateways));
        var report = mesh.Examine();
        if (who is null)
        {
            // The traffic model follows Istio's order too (ClusterView.VirtualServiceFor: exportTo, then
            // creation time): MeshInfra's route still decides, so neither check reports anything.
            Assert.Empty(report.Findings);
            return;
        }

        var finding = DoctorAssert.Single(report, FindingKind.Shadowed, "VirtualService foo/reviews-canary", "virtualservice.go, SelectVirtualServices");
        Assert.Contains("decides for " + who, finding.Message, StringComparison.Ordinal);
        Assert.Contains("over VirtualService istio-system/reviews.default.global", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VirtualServiceForAnUnroutedGlobalHostChangesItsPath()
    {
        var mesh = LiveMesh.Dev();
        mesh.Add("cluster1", VirtualService("foo", "httpbin-mirror", "2026-11-03T00:00:00Z", [Host]));
        var finding = DoctorAssert.Single(mesh.Examine(), FindingKind.Shadowed, "VirtualService foo/httpbin-mirror", "SelectVirtualServices");
        Assert.Contains("which MeshInfra sends by its DestinationRule alone", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWorkloadSelectorRuleInAClientNamespaceLeavesItsOtherPodsWithoutARule()
    {
        var mesh = LiveMesh.Dev();
        mesh.Add("cluster1", LiveMesh.Set(DestinationRule("foo", "theirs", Host), MapNode.Of(("matchLabels", MapNode.OfStrings([KeyValuePair.Create("app", "other")]))), "spec", "workloadSelector"));
        var finding = DoctorAssert.Single(mesh.Examine(), FindingKind.Shadowed, "DestinationRule foo/theirs", "push_context.go, destinationRule");
        Assert.Contains("(host httpbin.bar.global, workloadSelector app=other) replaces MeshInfra's DestinationRule for httpbin.bar.global for the pods it selects in namespace foo, and leaves that namespace's other pods with no DestinationRule for them", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWildcardVirtualServiceTakesTheGlobalHostsMeshInfraDoesNotRouteByName()
    {
        var mesh = LiveMesh.Dev();
        mesh.Add("cluster1", VirtualService("foo", "all-global", "2026-11-03T00:00:00Z", ["*.global"]));
        var finding = DoctorAssert.Single(mesh.Examine(), FindingKind.Shadowed, "VirtualService foo/all-global", "SelectVirtualServices");
        Assert.Contains("it routes global hosts details.default.global, httpbin.bar.global", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("reviews.default.global", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SidecarNarrowingEgressHidesTheGlobalHosts()
    {
        var mesh = LiveMesh.Dev();
        mesh.Add("cluster1", new KubeObject("networking.istio.io/v1", "Sidecar", ObjectMeta.Named("default", "foo"), MapNode.Of(("spec", MapNode.Of(
            ("egress", ListNode.Of(MapNode.Of(("hosts", ListNode.Of("./*", "istio-system/*.svc.cluster.local"))))))))).ToNode());
        var report = mesh.Examine();
        var finding = DoctorAssert.Single(report, FindingKind.Shadowed, "Sidecar foo/default", "sidecar.go");
        Assert.Contains("every pod in foo", finding.Message, StringComparison.Ordinal);
        Assert.Equal("add \"istio-system/*.global\" to its egress hosts", finding.Fix);

        // Importing istio-system's global hosts is enough.
        mesh.Edit("cluster1", "Sidecar", "foo", "default", s => LiveMesh.Set(s, ListNode.Of(MapNode.Of(("hosts", ListNode.Of("./*", "istio-system/*.global")))), "spec", "egress"));
        Assert.Empty(mesh.Examine().Findings);
    }

    [Theory]
    [InlineData("DENY", true, true)]
    [InlineData("DENY", false, false)]
    [InlineData("ALLOW", false, true)]
    [InlineData("AUDIT", true, false)]
    public void AuthorizationPolicyOnOwnerPodsThatCanRefuseIsShadowing(string action, bool withRule, bool found)
    {
        var mesh = LiveMesh.Dev();
        var rules = withRule ? ListNode.Of(MapNode.Of(("from", ListNode.Of(MapNode.Of(("source", MapNode.Of(("namespaces", ListNode.Of("foo"))))))))) : null;
        mesh.Add("cluster2", new KubeObject("security.istio.io/v1", "AuthorizationPolicy", ObjectMeta.Named("lockdown", "bar"), MapNode.Of(("spec", MapNode.Of(
            ("selector", MapNode.Of(("matchLabels", MapNode.OfStrings([KeyValuePair.Create("app", "httpbin")])))),
            ("action", action),
            ("rules", rules))))).ToNode());
        var report = mesh.Examine();
        if (!found)
        {
            Assert.Empty(report.Findings);
            return;
        }

        var finding = DoctorAssert.Single(report, FindingKind.Shadowed, "AuthorizationPolicy bar/lockdown", "builder.go");
        Assert.Contains("httpbin.bar", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PeerAuthenticationDisablingMtlsOnOwnerPodsIsShadowing()
    {
        var mesh = LiveMesh.Dev();
        mesh.Add("cluster2", new KubeObject("security.istio.io/v1", "PeerAuthentication", ObjectMeta.Named("plain", "bar"), MapNode.Of(("spec", MapNode.Of(
            ("selector", MapNode.Of(("matchLabels", MapNode.OfStrings([KeyValuePair.Create("app", "httpbin")])))),
            ("mtls", MapNode.Of(("mode", "DISABLE"))))))).ToNode());
        var finding = DoctorAssert.Single(mesh.Examine(), FindingKind.Shadowed, "PeerAuthentication bar/plain", "ComposePeerAuthentication");
        Assert.Contains("turns mTLS off for the pods of httpbin.bar", finding.Message, StringComparison.Ordinal);
    }
}
