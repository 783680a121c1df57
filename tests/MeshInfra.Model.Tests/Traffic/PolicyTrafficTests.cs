using System.Text.Json;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// What a real mesh's own policies do to the paths the model proves: a client's Sidecar, the server's
/// AuthorizationPolicies and PeerAuthentication, and users' wildcard DestinationRules. Each test states where
/// the request lands (or the 403/502/503 it meets) from sleep in cluster1 to httpbin in cluster2.
/// </summary>
public sealed class PolicyTrafficTests
{
    private static TraceRequest Sleep(string path = "/") => TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000) with { Path = path };

    private static MapNode Obj(string json) => (MapNode)ManifestJson.FromJson(JsonDocument.Parse(json).RootElement)!;

    private static TrafficModel With(string cluster, params string[] objects) =>
        TrafficFixture.For(Configs.Seed, s => s.Name != cluster ? s : s with { Objects = s.Objects.AddRange(objects.Select(Obj)) }).Model;

    private static string Sidecar(string ns, string hosts, string? selector = null, string? mode = null) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Sidecar\", \"metadata\": { \"name\": \"sc-" + ns + (selector is null ? "" : "-app") + "\", \"namespace\": \"" + ns + "\" }, \"spec\": { "
        + (selector is null ? "" : "\"workloadSelector\": { \"labels\": { \"app\": \"" + selector + "\" } }, ")
        + "\"egress\": [ { \"hosts\": [ " + hosts + " ] } ]"
        + (mode is null ? "" : ", \"outboundTrafficPolicy\": { \"mode\": \"" + mode + "\" }")
        + " } }";

    private static string Policy(string ns, string name, string action, string rules, string selector = "httpbin") =>
        "{ \"apiVersion\": \"security.istio.io/v1\", \"kind\": \"AuthorizationPolicy\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"" + ns + "\" }, \"spec\": { "
        + (selector.Length == 0 ? "" : "\"selector\": { \"matchLabels\": { \"app\": \"" + selector + "\" } }, ")
        + "\"action\": \"" + action + "\"" + (rules.Length == 0 ? "" : ", \"rules\": [ " + rules + " ]") + " } }";
    [Fact]
    public void ASidecarThatDoesNotImportTheGlobalHostLeavesItsClientWithoutARoute()
    {
        var result = With("cluster1", Sidecar("foo", "\"./*\"")).Trace(Sleep());
        Assert.Empty(result.Arrivals);
        Assert.Contains(result.Hops, h => h.Step == "dns" && h.Detail.Contains("CoreDNS", StringComparison.Ordinal));
        var failure = Assert.Single(result.Failures);
        Assert.Equal(FailureKind.NotImportedPassedThrough, failure.Kind);
        Assert.Equal("sidecar", failure.Step);
        Assert.StartsWith("cluster1/foo/sleep's Sidecar foo/sc-foo does not import httpbin.bar.global on port 8000 (egress hosts: ./*)", failure.Reason, StringComparison.Ordinal);
        Assert.EndsWith("outboundTrafficPolicy ALLOW_ANY passes it through to 240.0.18.109, which nothing outside Envoy routes (add the host to the Sidecar's egress hosts)", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void UnderRegistryOnlyTheUnimportedHostIsBlackHoledWith502()
    {
        var result = With("cluster1", Sidecar("foo", "\"./*\"", mode: "REGISTRY_ONLY")).Trace(Sleep());
        var failure = Assert.Single(result.Failures);
        Assert.Equal(FailureKind.NotImportedBlackHoled, failure.Kind);
        Assert.EndsWith("outboundTrafficPolicy REGISTRY_ONLY sends it to BlackHoleCluster: Envoy answers 502 (add the host to the Sidecar's egress hosts)", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AWorkloadSelectorSidecarWinsOverTheNamespacesOneAndTheNamespacesOverTheRoots()
    {
        var narrowRoot = Sidecar("istio-system", "\"./*\"");
        Assert.Equal(FailureKind.NotImportedPassedThrough, Assert.Single(With("cluster1", narrowRoot).Trace(Sleep()).Failures).Kind);
        Assert.Equal("cluster2 v1 100%", With("cluster1", narrowRoot, Sidecar("foo", "\"*/httpbin.bar.global\"")).Trace(Sleep()).SharesText);
        var both = With("cluster1", Sidecar("foo", "\"./*\""), Sidecar("foo", "\"istio-system/*.global\"", selector: "sleep"));
        var result = both.Trace(Sleep());
        Assert.Empty(result.Failures);
        Assert.Equal("cluster2 v1 100%", result.SharesText);
        Assert.Contains(result.Hops, h => h.Step == "sidecar" && h.Detail == "Sidecar foo/sc-foo-app imports httpbin.bar.global on port 8000");
    }

    [Fact]
    public void TheOwnersPodSeesTheClientsIdentityThroughTheGateway()
    {
        // ALLOW only the client's SPIFFE identity: the east-west gateway passes the mTLS through, so it is allowed.
        var client = With("cluster2", Policy("bar", "only-sleep", "ALLOW", """{ "from": [ { "source": { "principals": ["cluster.local/ns/foo/sa/sleep"] } } ] }""")).Trace(Sleep());
        Assert.Empty(client.Failures);
        Assert.Equal("cluster2 v1 100%", client.SharesText);
        Assert.Contains(client.Hops, h => h.Step == "authz" && h.Detail == "ALLOW policy bar/only-sleep rule 0 matches GET / on port 8080 from spiffe://cluster.local/ns/foo/sa/sleep");

        // ALLOW only the gateway's identity: the pod never sees it, so the request is denied.
        var gateway = With("cluster2", Policy("bar", "only-gateway", "ALLOW", """{ "from": [ { "source": { "principals": ["cluster.local/ns/istio-eastwest/sa/*"] } } ] }""")).Trace(Sleep());
        Assert.Empty(gateway.Arrivals);
        var failure = Assert.Single(gateway.Failures);
        Assert.Equal(FailureKind.AuthorizationNotAllowed, failure.Kind);
        Assert.Equal("cluster2/bar/httpbin (v1): ALLOW policies apply (bar/only-gateway) and no rule of theirs matches GET / on port 8080 from spiffe://cluster.local/ns/foo/sa/sleep: the sidecar answers 403 (RBAC: access denied)", failure.Reason);
    }

    [Fact]
    public void DenyIsCheckedBeforeAllowAndMatchesTheSourceNamespace()
    {
        var allowAll = Policy("bar", "allow-all", "ALLOW", "{}");
        var denyFoo = Policy("istio-system", "deny-foo", "DENY", """{ "from": [ { "source": { "namespaces": ["foo"] } } ] }""", selector: "");
        var denyOther = Policy("istio-system", "deny-other", "DENY", """{ "from": [ { "source": { "namespaces": ["other-*"] } } ] }""", selector: "");
        var denied = Assert.Single(With("cluster2", allowAll, denyFoo).Trace(Sleep()).Failures);
        Assert.Equal(FailureKind.AuthorizationDenied, denied.Kind);
        Assert.StartsWith("cluster2/bar/httpbin (v1): DENY policy istio-system/deny-foo rule 0 matches GET / on port 8080 from spiffe://cluster.local/ns/foo/sa/sleep: the sidecar answers 403", denied.Reason, StringComparison.Ordinal);
        Assert.Equal("cluster2 v1 100%", With("cluster2", allowAll, denyOther).Trace(Sleep()).SharesText);
    }

    [Fact]
    public void AnAllowPolicyByPathLetsOnlyThosePathsIn()
    {
        var model = With("cluster2", Policy("bar", "status-only", "ALLOW", """{ "to": [ { "operation": { "paths": ["/status/*"], "methods": ["GET"] } } ] }"""));
        Assert.Equal("cluster2 v1 100%", model.Trace(Sleep("/status/200?x=1")).SharesText);
        Assert.Equal(FailureKind.AuthorizationNotAllowed, Assert.Single(model.Trace(Sleep("/headers")).Failures).Kind);
        Assert.Equal(FailureKind.AuthorizationNotAllowed, Assert.Single(model.Trace(Sleep("/status/200") with { Method = "POST" }).Failures).Kind);
    }

    [Fact]
    public void AnAllowPolicyWithoutRulesInTheRootNamespaceDeniesEverything()
    {
        var result = With("cluster2", Policy("istio-system", "allow-nothing", "ALLOW", "", selector: "")).Trace(Sleep());
        Assert.Empty(result.Arrivals);
        Assert.Contains("ALLOW policies apply (istio-system/allow-nothing) and no rule of theirs matches", Assert.Single(result.Failures).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void APolicyOfAnotherNamespaceOrSelectorOrInDryRunDoesNotApply()
    {
        var otherNamespace = Policy("foo", "allow-nothing", "ALLOW", "", selector: "");
        var otherApp = Policy("bar", "deny-all", "DENY", "{}", selector: "other");
        var dryRun = Policy("bar", "dry", "DENY", "{}").Replace("\"namespace\": \"bar\" }", "\"namespace\": \"bar\", \"annotations\": { \"istio.io/dry-run\": \"true\" } }", StringComparison.Ordinal);
        Assert.Equal("cluster2 v1 100%", With("cluster2", otherNamespace, otherApp, dryRun).Trace(Sleep()).SharesText);
    }

    [Fact]
    public void ACustomPolicyIsNamedAsNotModelled()
    {
        var result = With("cluster2", Policy("bar", "ext", "CUSTOM", "{}")).Trace(Sleep());
        Assert.Equal("cluster2 v1 100%", result.SharesText);
        Assert.Contains(result.Hops, h => h.Step == "authz" && h.Detail.EndsWith("CUSTOM policy bar/ext asks an external authorizer the model does not know (taken as allowing)", StringComparison.Ordinal));
    }

    [Fact]
    public void APodWithMtlsDisabledCannotTakeTheClientsPassedThroughMtls()
    {
        var disable = """{ "apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication", "metadata": { "name": "legacy", "namespace": "bar" }, "spec": { "selector": { "matchLabels": { "app": "httpbin" } }, "mtls": { "mode": "DISABLE" } } }""";
        var permissive = disable.Replace("DISABLE", "PERMISSIVE", StringComparison.Ordinal);
        // No DestinationRule the gateway sees sets a TLS mode for httpbin, so the pod's own DISABLE takes it out of
        // the gateway's SNI cluster (mtls_checker.go, checkMtlsEnabled): nothing is left to send to.
        var failure = Assert.Single(With("cluster2", disable).Trace(Sleep()).Failures);
        Assert.Equal(FailureKind.EmptiedByMtlsFilter, failure.Kind);
        Assert.EndsWith("(dropped: cluster2/bar/httpbin (v1) (mTLS DISABLE by PeerAuthentication bar/legacy))", failure.Reason, StringComparison.Ordinal);
        Assert.Equal("cluster2 v1 100%", With("cluster2", permissive).Trace(Sleep()).SharesText);

        // reviews: the gateway's own rule sets ISTIO_MUTUAL, which keeps the pod whatever its policy; its sidecar then refuses the mTLS.
        var reviewsV2 = disable.Replace("\"namespace\": \"bar\"", "\"namespace\": \"default\"", StringComparison.Ordinal).Replace("\"app\": \"httpbin\"", "\"app\": \"reviews\", \"version\": \"v2\"", StringComparison.Ordinal);
        var jason = With("cluster2", reviewsV2).Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "reviews", 9080, ("end-user", "jason")));
        Assert.Equal("cluster2 v3 50%", jason.SharesText);
        var refused = Assert.Single(jason.Failures);
        Assert.Equal(FailureKind.MtlsDisabledAtServer, refused.Kind);
        Assert.StartsWith("cluster2/default/reviews-v2 (v2) has mTLS DISABLE on port 9080 (PeerAuthentication default/legacy)", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AUsersWildcardRuleInTheClientsNamespaceBeatsTheExactRuleElsewhere()
    {
        // *.global with tls DISABLE in foo: the most specific host of foo's own rules wins over MeshInfra's exact
        // rule of another namespace, so sleep sends plaintext and the east-west gateway routes only mTLS.
        var wildcard = """{ "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": { "name": "all-global", "namespace": "foo" }, "spec": { "host": "*.global", "trafficPolicy": { "tls": { "mode": "DISABLE" } } } }""";
        var result = With("cluster1", wildcard).Trace(Sleep());
        Assert.Empty(result.Arrivals);
        Assert.Equal(FailureKind.GatewayRequiresMtls, Assert.Single(result.Failures).Kind);
        Assert.Equal("all-global", result.Hops.Single(h => h.Step == "cluster").DecidedBy!.Name);

        // The same rule in another namespace that exports it nowhere but there is not seen by sleep.
        var elsewhere = wildcard.Replace("\"namespace\": \"foo\"", "\"namespace\": \"team-x\"", StringComparison.Ordinal).Replace("\"host\"", "\"exportTo\": [\".\"], \"host\"", StringComparison.Ordinal);
        Assert.Equal("cluster2 v1 100%", With("cluster1", elsewhere).Trace(Sleep()).SharesText);
    }
}
