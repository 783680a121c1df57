using MeshInfra.Model.Traffic;
using static MeshInfra.Model.Tests.Mutation.PolicyObjects;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Cases the Stryker.NET run over Traffic/AuthorizationRules.cs (issue 17, docs/quality.md) showed no test had:
/// a rule whose second source, operation or value is the one that matches, the not-fields, ports, and the texts
/// of a request no policy stops. Istio 1.30.3 and 1.31.0-rc.0 alike (pilot/pkg/security/authz differs between
/// them only in builder/extauthz.go).
/// </summary>
public sealed class AuthorizationMutantTests
{
    private const string From = " on port 8080 from " + SleepIdentity;

    /// <summary>
    /// Model.Generate (pilot/pkg/security/authz/model/model.go) puts one RBAC permission per <c>to</c> and one
    /// principal per <c>from</c> in the policy, which Envoy ORs; rule.permission / rule.principal OR a field's
    /// values (permission.go, permissionOr; principal.go, principalOr) and generatePermission / generatePrincipal
    /// AND the fields (permissionAnd, principalAnd). So the second entry matching is enough. Ports and the not-fields stand here too: a field
    /// the model reads is not named as "not evaluated".
    /// </summary>
    public static TheoryData<string, string, string> AllowedCases => new()
    {
        { """{ "from": [ { "source": { "namespaces": ["other"] } }, { "source": { "principals": ["cluster.local/ns/foo/sa/sleep"] } } ] }""", "/", "GET /" },
        { """{ "to": [ { "operation": { "paths": ["/admin"] } }, { "operation": { "methods": ["GET"] } } ] }""", "/", "GET /" },
        { """{ "from": [ { "source": { "principals": ["cluster.local/ns/other/sa/x", "cluster.local/ns/foo/sa/sleep"] } } ] }""", "/", "GET /" },
        { """{ "from": [ { "source": { "namespaces": ["other", "foo"] } } ] }""", "/", "GET /" },
        { """{ "to": [ { "operation": { "paths": ["/admin", "/status/*"] } } ] }""", "/status/200?x=1", "GET /status/200" },
        { """{ "to": [ { "operation": { "methods": ["POST", "GET"] } } ] }""", "/", "GET /" },
        { """{ "to": [ { "operation": { "notPaths": ["/admin*"] } } ] }""", "/status/200", "GET /status/200" },
        { """{ "to": [ { "operation": { "notMethods": ["POST"] } } ] }""", "/", "GET /" },
        { """{ "to": [ { "operation": { "ports": ["8080"] } } ] }""", "/", "GET /" },
        { """{ "to": [ { "operation": { "notPorts": ["9090"] } } ] }""", "/", "GET /" },
        { """{ "from": [ { "source": { "notPrincipals": ["cluster.local/ns/other/sa/x"] } } ] }""", "/", "GET /" },
        { """{ "from": [ { "source": { "notNamespaces": ["other"] } } ] }""", "/", "GET /" },
    };

    [Theory]
    [MemberData(nameof(AllowedCases))]
    public void TheRequestIsAllowedByTheRuleWhoseSomeEntryMatches(string rule, string path, string request)
    {
        var result = With("cluster2", HttpbinPolicy("some", "ALLOW", rule)).Trace(Sleep(path));
        Assert.Equal($"ALLOW policy bar/some rule 0 matches {request}{From}", AuthzHop(result));
    }

    /// <summary>
    /// The not-fields and ports: rule.permission / rule.principal (model.go) wrap a not-field's ORed values in
    /// permissionNot / principalNot (permission.go, principal.go), and the port generator matches the destination port (generator.go,
    /// destPortGenerator), which is the pod's port 8080, not the service's 8000.
    /// </summary>
    public static TheoryData<string, string, string, string> DeniedCases => new()
    {
        { """{ "to": [ { "operation": { "notPaths": ["/admin*"] } } ] }""", "/admin/users", "GET", "GET /admin/users" },
        { """{ "to": [ { "operation": { "notMethods": ["POST"] } } ] }""", "/", "POST", "POST /" },
        { """{ "to": [ { "operation": { "ports": ["8000"] } } ] }""", "/", "GET", "GET /" },
        { """{ "to": [ { "operation": { "notPorts": ["8080"] } } ] }""", "/", "GET", "GET /" },
        { """{ "from": [ { "source": { "notPrincipals": ["cluster.local/ns/foo/sa/*"] } } ] }""", "/", "GET", "GET /" },
        { """{ "from": [ { "source": { "notNamespaces": ["foo"] } } ] }""", "/", "GET", "GET /" },
    };

    [Theory]
    [MemberData(nameof(DeniedCases))]
    public void TheRequestANotFieldOrPortExcludesIsNotAllowed(string rule, string path, string method, string request)
    {
        var result = With("cluster2", HttpbinPolicy("some", "ALLOW", rule)).Trace(Sleep(path, method));
        Assert.Equal($"cluster2/bar/httpbin (v1): ALLOW policies apply (bar/some) and no rule of theirs matches {request}{From}: the sidecar answers 403 (RBAC: access denied)", AuthzFailure(result, FailureKind.AuthorizationNotAllowed));
    }

    [Fact]
    public void EveryAllowPolicyThatAppliesIsNamedWhenNoneMatches()
    {
        var other = """{ "from": [ { "source": { "namespaces": ["other"] } } ] }""";
        var result = With("cluster2", HttpbinPolicy("a", "ALLOW", other), HttpbinPolicy("b", "ALLOW", other)).Trace(Sleep());
        Assert.Equal($"cluster2/bar/httpbin (v1): ALLOW policies apply (bar/a, bar/b) and no rule of theirs matches GET /{From}: the sidecar answers 403 (RBAC: access denied)", AuthzFailure(result, FailureKind.AuthorizationNotAllowed));
    }

    [Fact]
    public void APolicyOfAnotherNamespaceLeavesThePodWithNoPolicy()
    {
        var elsewhere = Policy("foo", "deny-all", "\"action\": \"DENY\", \"rules\": [ {} ]");
        Assert.Equal("no AuthorizationPolicy applies", AuthzHop(With("cluster2", elsewhere).Trace(Sleep())));
    }

    [Fact]
    public void ADenyPolicyWhoseRuleDoesNotMatchLetsTheRequestThrough()
    {
        var denyOther = HttpbinPolicy("deny-other", "DENY", """{ "from": [ { "source": { "namespaces": ["other"] } } ] }""");
        Assert.Equal("no ALLOW policy applies, no DENY rule matches", AuthzHop(With("cluster2", denyOther).Trace(Sleep())));
    }

    [Fact]
    public void FieldsTheModelDoesNotEvaluateAreNamedInSortedOrder()
    {
        var rule = """{ "from": [ { "source": { "requestPrincipals": ["*"] } } ], "to": [ { "operation": { "hosts": ["httpbin.bar.global"], "paths": ["/"] } } ], "when": [ { "key": "request.headers[x-user]", "values": ["a"] } ] }""";
        var result = With("cluster2", HttpbinPolicy("jwt", "ALLOW", rule)).Trace(Sleep());
        Assert.Equal($"ALLOW policy bar/jwt rule 0 matches GET /{From} (its operation.hosts, source.requestPrincipals, when not evaluated: taken as holding)", AuthzHop(result));
    }

    /// <summary>
    /// matcher/string.go, StringMatcherWithPrefix: <c>*</c> becomes StringMatcherRegex(".+") before the prefix
    /// is looked at, so it matches any non-empty value, with or without the prefix (its TestStringMatcherWithPrefix
    /// row "wildcardAsRequired" expects that regex for the prefix "abc").
    /// </summary>
    [Fact]
    public void AStarMatchesAnyNonEmptyValueWhateverThePrefix()
    {
        Assert.True(AuthorizationRules.StringMatches("*", "abc", "x"));
        Assert.False(AuthorizationRules.StringMatches("*", "abc", ""));
    }

    /// <summary>
    /// srcNamespaceGenerator.principal (generator.go) matches the authenticated principal, which a plaintext
    /// request has none of: no namespace, not even <c>*</c>, matches a peer without mTLS.
    /// </summary>
    [Fact]
    public void NoNamespaceMatchesAPeerWithoutMtls()
    {
        Assert.False(AuthorizationRules.NamespaceMatches("*", null));
        Assert.False(AuthorizationRules.NamespaceMatches("foo", null));
    }
}
