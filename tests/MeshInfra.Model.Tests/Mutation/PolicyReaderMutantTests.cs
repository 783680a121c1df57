using MeshInfra.Model.Traffic;
using static MeshInfra.Model.Tests.Mutation.PolicyObjects;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Cases the Stryker.NET run over Traffic/PolicyReader.cs and ClusterView.Policies.cs (issue 17, docs/quality.md)
/// showed no test had: a policy without an action, one bound by targetRef(s), a Sidecar listener on one port,
/// and Sidecars of other namespaces or with a selector in the root namespace.
/// </summary>
public sealed class PolicyReaderMutantTests
{
    /// <summary>
    /// An absent action is the enum's zero value, ALLOW, and authorization.go, updateAuthorizationPoliciesResult
    /// (1.30.3 and 1.31.0-rc.0) files the policy under Allow by <c>switch config.Spec.GetAction()</c>.
    /// </summary>
    [Fact]
    public void APolicyWithoutAnActionIsAnAllowPolicy()
    {
        var noAction = Policy("bar", "no-action", """ "selector": { "matchLabels": { "app": "httpbin" } }, "rules": [ { "from": [ { "source": { "namespaces": ["other"] } } ] } ] """);
        var result = With("cluster2", noAction).Trace(Sleep());
        Assert.Equal($"cluster2/bar/httpbin (v1): ALLOW policies apply (bar/no-action) and no rule of theirs matches GET / on port 8080 from {SleepIdentity}: the sidecar answers 403 (RBAC: access denied)", AuthzFailure(result, FailureKind.AuthorizationNotAllowed));
    }

    /// <summary>
    /// policyattachment.go, WorkloadPolicyMatcher.ShouldAttachPolicy (1.30.3 and 1.31.0-rc.0): for a workload that
    /// is not a Gateway API gateway, "if targetRef is specified, ignore the policy altogether"; GetTargetRefs reads
    /// targetRefs, else the legacy targetRef. So a deny-all bound to a gateway never reaches httpbin's sidecar.
    /// </summary>
    [Theory]
    [InlineData("\"targetRef\": { \"kind\": \"Gateway\", \"group\": \"gateway.networking.k8s.io\", \"name\": \"waypoint\" }")]
    [InlineData("\"targetRefs\": [ { \"kind\": \"Gateway\", \"group\": \"gateway.networking.k8s.io\", \"name\": \"waypoint\" } ]")]
    public void APolicyBoundByTargetRefDoesNotApplyToASidecar(string targetRef)
    {
        var denyAll = Policy("bar", "deny-at-gateway", targetRef + """, "action": "DENY", "rules": [ {} ] """);
        Assert.Equal("no AuthorizationPolicy applies", AuthzHop(With("cluster2", denyAll).Trace(Sleep())));
    }

    /// <summary>
    /// An egress listener with a port imports its hosts on that port only (sidecar.go, selectServices then
    /// serviceMatchingListenerPort keeps only the service's port equal to the listener's): a listener on 9999
    /// does not import httpbin's 8000.
    /// </summary>
    [Fact]
    public void AnEgressListenerOnAnotherPortDoesNotImportTheService()
    {
        var onePort = Sidecar("foo", "one-port", """ "egress": [ { "port": { "number": 9999, "protocol": "HTTP", "name": "http" }, "hosts": ["*/*"] } ] """);
        var failure = Assert.Single(With("cluster1", onePort).Trace(Sleep()).Failures);
        Assert.Equal(FailureKind.NotImportedPassedThrough, failure.Kind);
        Assert.StartsWith("cluster1/foo/sleep's Sidecar foo/one-port does not import httpbin.bar.global on port 8000", failure.Reason, StringComparison.Ordinal);
        var allPorts = Sidecar("foo", "all-ports", """ "egress": [ { "hosts": ["*/*"] } ] """);
        Assert.Empty(With("cluster1", allPorts).Trace(Sleep()).Failures);
    }

    /// <summary>
    /// getSidecarScope (push_context.go, 1.30.3 and 1.31.0-rc.0) looks only at sidecarsByNamespace[the proxy's
    /// namespace], then the root namespace's Sidecar, which initSidecarScopes takes only without a
    /// workloadSelector. A selector-less Sidecar of another namespace, or a root one with a selector, does not
    /// scope sleep in foo: it keeps the default scope and reaches httpbin.
    /// </summary>
    [Theory]
    [InlineData("bar", "")]
    [InlineData("istio-system", """ "workloadSelector": { "labels": { "app": "sleep" } }, """)]
    public void ASidecarOfAnotherNamespaceOrARootOneWithASelectorDoesNotScopeTheClient(string ns, string selector)
    {
        var narrow = Sidecar(ns, "narrow", selector + """ "egress": [ { "hosts": ["./*"] } ] """);
        var result = With("cluster1", narrow).Trace(Sleep());
        Assert.Empty(result.Failures);
        Assert.Equal("cluster2 v1 100%", result.SharesText);
    }
}
