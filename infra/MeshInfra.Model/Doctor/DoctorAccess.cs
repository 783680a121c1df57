using System.Collections.Immutable;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// The least-privilege identity `meshinfra doctor` runs as in CI: a ServiceAccount bound to a
/// ClusterRole that can get, list and watch exactly what doctor reads, and nothing else. It holds no
/// access to Secrets at all: only istiod may read the CA key in `cacerts`, so the cacerts checks
/// report "not checked" under this role (run doctor as an identity that may read that one Secret to
/// include them). The live reader reads the same list, so a refusal names a rule of this role.
/// </summary>
public static class DoctorAccess
{
    public const string Name = "meshinfra-doctor";

    public const string Namespace = IstioLabels.IstioSystem;

    public static readonly ImmutableArray<string> Verbs = ["get", "list", "watch"];

    /// <summary>What doctor reads, by API group: every kind the checks take, and the Istio kinds that shape traffic.</summary>
    public static readonly ImmutableArray<DoctorReadRule> Rules =
    [
        // serviceaccounts and the RBAC kinds: the plan holds ServiceAccounts and this role itself, and
        // drift compares every planned object with the live one (added by the live reader's branch).
        new("", ["configmaps", "namespaces", "nodes", "pods", "serviceaccounts", "services"]),
        new("apps", ["deployments"]),
        new("discovery.k8s.io", ["endpointslices"]),
        new("networking.istio.io", ["destinationrules", "envoyfilters", "gateways", "proxyconfigs", "serviceentries", "sidecars", "virtualservices", "workloadentries", "workloadgroups"]),
        new("security.istio.io", ["authorizationpolicies", "peerauthentications", "requestauthentications"]),
        new("rbac.authorization.k8s.io", ["clusterrolebindings", "clusterroles"]),
    ];

    /// <summary>The API server's version, read at <c>/version</c> (a non-resource URL).</summary>
    public const string VersionUrl = "/version";

    /// <summary>The ServiceAccount, the ClusterRole and the binding between them, as planned in every cluster.</summary>
    public static IEnumerable<KubeObject> Objects()
    {
        yield return CoreObjects.ServiceAccount(ObjectMeta.Named(Name, Namespace));
        var rules = Rules.Select(r => (ManifestNode)MapNode.Of(
            ("apiGroups", ListNode.Of(r.Group)),
            ("resources", ListNode.From(r.Resources.Select(x => (ManifestNode)x))),
            ("verbs", ListNode.From(Verbs.Select(v => (ManifestNode)v)))))
            .Append(MapNode.Of(("nonResourceURLs", ListNode.Of(VersionUrl)), ("verbs", ListNode.Of("get"))));
        yield return new KubeObject(RbacV1, "ClusterRole", ObjectMeta.Named(Name), MapNode.Of(("rules", ListNode.From(rules))));
        yield return new KubeObject(RbacV1, "ClusterRoleBinding", ObjectMeta.Named(Name), MapNode.Of(
            ("roleRef", MapNode.Of(("apiGroup", "rbac.authorization.k8s.io"), ("kind", "ClusterRole"), ("name", Name))),
            ("subjects", ListNode.Of(MapNode.Of(("kind", "ServiceAccount"), ("name", Name), ("namespace", Namespace))))));
    }

    private const string RbacV1 = "rbac.authorization.k8s.io/v1";
}
