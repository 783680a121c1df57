using System.Collections.Immutable;
using MeshInfra.Model.Doctor;

namespace MeshInfra.Live;

/// <summary>
/// Everything doctor lists: exactly the resources the read-only doctor ClusterRole grants
/// (<see cref="DoctorAccess.Rules"/>), so the least-privilege identity is never refused and a
/// refusal always names a rule of that role. Secrets are never listed: only the cacerts Secret is
/// read, by name, if the identity may, and only its public part is kept (<see cref="CaCertsSecret"/>).
/// </summary>
public static class ResourceKinds
{
    /// <summary>
    /// The version read and the kind set on list items, per (group, resource). Istio's kinds are read
    /// at v1 where crd-all.gen.yaml of both installed releases (1.30.3 and 1.31) serves it; EnvoyFilter
    /// (v1alpha3) and ProxyConfig (v1beta1) are served at one version only. The API server converts, so
    /// objects applied at another served version are listed too.
    /// </summary>
    private static readonly ImmutableDictionary<(string Group, string Plural), (string Version, string Kind)> Known =
        new Dictionary<(string, string), (string, string)>
        {
            [("", "configmaps")] = ("v1", "ConfigMap"),
            [("", "namespaces")] = ("v1", "Namespace"),
            [("", "nodes")] = ("v1", "Node"),
            [("", "pods")] = ("v1", "Pod"),
            [("", "serviceaccounts")] = ("v1", "ServiceAccount"),
            [("", "services")] = ("v1", "Service"),
            [("apps", "deployments")] = ("v1", "Deployment"),
            [("discovery.k8s.io", "endpointslices")] = ("v1", "EndpointSlice"),
            [("networking.istio.io", "destinationrules")] = ("v1", "DestinationRule"),
            [("networking.istio.io", "envoyfilters")] = ("v1alpha3", "EnvoyFilter"),
            [("networking.istio.io", "gateways")] = ("v1", "Gateway"),
            [("networking.istio.io", "proxyconfigs")] = ("v1beta1", "ProxyConfig"),
            [("networking.istio.io", "serviceentries")] = ("v1", "ServiceEntry"),
            [("networking.istio.io", "sidecars")] = ("v1", "Sidecar"),
            [("networking.istio.io", "virtualservices")] = ("v1", "VirtualService"),
            [("networking.istio.io", "workloadentries")] = ("v1", "WorkloadEntry"),
            [("networking.istio.io", "workloadgroups")] = ("v1", "WorkloadGroup"),
            [("security.istio.io", "authorizationpolicies")] = ("v1", "AuthorizationPolicy"),
            [("security.istio.io", "peerauthentications")] = ("v1", "PeerAuthentication"),
            [("security.istio.io", "requestauthentications")] = ("v1", "RequestAuthentication"),
            [("rbac.authorization.k8s.io", "clusterrolebindings")] = ("v1", "ClusterRoleBinding"),
            [("rbac.authorization.k8s.io", "clusterroles")] = ("v1", "ClusterRole"),
        }.ToImmutableDictionary();

    public static readonly IReadOnlyList<ResourceKind> All = [.. DoctorAccess.Rules.SelectMany(rule => rule.Resources.Select(plural =>
        Known.TryGetValue((rule.Group, plural), out var known)
            ? new ResourceKind(rule.Group, known.Version, plural, known.Kind)
            : throw new InvalidOperationException($"the doctor role grants {plural}.{rule.Group}, which the live reader has no version and kind for: add it to ResourceKinds")))];
}
