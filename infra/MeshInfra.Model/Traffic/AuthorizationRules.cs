using System.Text.RegularExpressions;
using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// How a server pod's sidecar authorizes a request (HTTP), as Istio builds its RBAC filters, at 1.30.3 and
/// 1.31.0-rc.0 alike:
/// <list type="bullet">
/// <item>the policies of the root namespace and of the pod's namespace whose selector the pod's labels hold
/// (pilot/pkg/model/authorization.go, ListAuthorizationPolicies; policyattachment.go, isSelected);</item>
/// <item>CUSTOM first, then DENY, then ALLOW: the ext_authz filter is appended before the RBAC filters
/// (pilot/pkg/networking/core/listener_builder.go, buildHTTPConnectionManager), and the RBAC filters are built
/// DENY then ALLOW (pilot/pkg/security/authz/builder/builder.go, build); CUSTOM asks an external service,
/// which the model does not know, so it is named and taken as allowing;</item>
/// <item>a DENY rule that matches answers 403; with no ALLOW policy the request is allowed, with some it is
/// allowed only when one of their rules matches; a policy without rules matches nothing (builder.go, build:
/// rbacPolicyMatchNever), so an ALLOW policy without rules denies every request;</item>
/// <item>a source principal is matched against the peer certificate's URI SAN with <c>spiffe://</c> before it,
/// <c>*</c> as any, <c>x*</c> as a prefix and <c>*x</c> as a suffix (pilot/pkg/security/authz/model/generator.go,
/// srcPrincipalGenerator.principal; matcher/string.go, StringMatcherWithPrefix); a namespace as the regex
/// <c>.*/ns/&lt;ns&gt;/.*</c> with <c>*</c> as <c>.*</c> (generator.go, srcNamespaceGenerator.principal). Without
/// mTLS there is no peer identity and no principal or namespace matches.</item>
/// </list>
/// Paths use the same prefix/suffix matcher on the path without its query; path templates (<c>{*}</c>) and trust
/// domain aliases are not modelled.
/// </summary>
public static class AuthorizationRules
{
    /// <summary>The verdict for a request to <paramref name="pod"/>'s port <paramref name="podPort"/>, from a peer with <paramref name="peerIdentity"/> (null: plaintext).</summary>
    public static AuthzVerdict Decide(IEnumerable<AuthorizationPolicyView> policies, Workload pod, string? peerIdentity, string path, string method, int podPort)
    {
        const string root = IstioLabels.IstioSystem;
        var applying = policies
            .Where(p => !p.TargetsRefs && !p.DryRun && (p.Namespace == root || p.Namespace == pod.Namespace) && pod.Matches(p.Selector))
            .ToList();
        var custom = applying.Where(p => p.Action == "CUSTOM").ToList();
        var note = custom.Count == 0 ? "" : $"; CUSTOM policy {Name(custom[0])} asks an external authorizer the model does not know (taken as allowing)";
        var request = new AuthzRequest(peerIdentity, path.Split('?', 2)[0], method, podPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var deny in applying.Where(p => p.Action == "DENY"))
        {
            if (FirstMatch(deny, request) is { } index)
            {
                return new AuthzVerdict(false, $"DENY policy {Name(deny)} rule {index} matches {request}: the sidecar answers 403 (RBAC: access denied){Unmodelled(deny)}{note}", deny.Source, FailureKind.AuthorizationDenied);
            }
        }

        var allows = applying.Where(p => p.Action == "ALLOW").ToList();
        if (allows.Count == 0)
        {
            return new AuthzVerdict(true, (applying.Count == 0 ? "no AuthorizationPolicy applies" : "no ALLOW policy applies, no DENY rule matches") + note, null);
        }

        foreach (var allow in allows)
        {
            if (FirstMatch(allow, request) is { } index)
            {
                return new AuthzVerdict(true, $"ALLOW policy {Name(allow)} rule {index} matches {request}{Unmodelled(allow)}{note}", allow.Source);
            }
        }

        return new AuthzVerdict(false, $"ALLOW policies apply ({string.Join(", ", allows.Select(Name))}) and no rule of theirs matches {request}: the sidecar answers 403 (RBAC: access denied){note}", allows[0].Source);
    }

    private static int? FirstMatch(AuthorizationPolicyView policy, AuthzRequest request)
    {
        for (var i = 0; i < policy.Rules.Length; i++)
        {
            var rule = policy.Rules[i];
            if ((rule.From.IsEmpty || rule.From.Any(s => Holds(s, request.Peer))) && (rule.To.IsEmpty || rule.To.Any(o => Holds(o, request))))
            {
                return i;
            }
        }

        return null;
    }

    private static bool Holds(AuthzSource source, string? peer) =>
        (source.Principals.IsEmpty || source.Principals.Any(p => PrincipalMatches(p, peer)))
        && !source.NotPrincipals.Any(p => PrincipalMatches(p, peer))
        && (source.Namespaces.IsEmpty || source.Namespaces.Any(n => NamespaceMatches(n, peer)))
        && !source.NotNamespaces.Any(n => NamespaceMatches(n, peer));

    private static bool Holds(AuthzOperation operation, AuthzRequest request) =>
        (operation.Paths.IsEmpty || operation.Paths.Any(p => StringMatches(p, "", request.Path)))
        && !operation.NotPaths.Any(p => StringMatches(p, "", request.Path))
        && (operation.Methods.IsEmpty || operation.Methods.Any(m => StringMatches(m, "", request.Method)))
        && !operation.NotMethods.Any(m => StringMatches(m, "", request.Method))
        && (operation.Ports.IsEmpty || operation.Ports.Contains(request.Port))
        && !operation.NotPorts.Contains(request.Port);

    /// <summary><c>source.principals</c>: StringMatcherWithPrefix(value, "spiffe://") against the peer's URI SAN.</summary>
    public static bool PrincipalMatches(string value, string? peer) => peer is not null && StringMatches(value, "spiffe://", peer);

    /// <summary><c>source.namespaces</c>: the regex <c>.*/ns/&lt;value, * as .*&gt;/.*</c> against the peer's URI SAN.</summary>
    public static bool NamespaceMatches(string value, string? peer)
    {
        if (peer is null)
        {
            return false;
        }

        var pattern = string.Join(".*", value.Split('*').Select(Regex.Escape));
        return Regex.IsMatch(peer, $"^.*/ns/{pattern}/.*$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>matcher/string.go, StringMatcherWithPrefix: <c>*</c> any non-empty value, <c>*x</c> a suffix, <c>x*</c> a prefix, else exact.</summary>
    public static bool StringMatches(string value, string prefix, string actual) => value switch
    {
        "*" => actual.Length > 0,
        _ when value.StartsWith('*') => actual.StartsWith(prefix, StringComparison.Ordinal) && actual.EndsWith(value[1..], StringComparison.Ordinal),
        _ when value.EndsWith('*') => actual.StartsWith(prefix + value[..^1], StringComparison.Ordinal),
        _ => actual == prefix + value,
    };

    private static string Name(AuthorizationPolicyView policy) => $"{policy.Source.Namespace}/{policy.Source.Name}";

    private static string Unmodelled(AuthorizationPolicyView policy)
    {
        var fields = policy.Rules.SelectMany(r => r.Unmodelled).Distinct(StringComparer.Ordinal).ToList();
        return fields.Count == 0 ? "" : $" (its {string.Join(", ", fields)} not evaluated: taken as holding)";
    }
}
