namespace MeshInfra.Live;

/// <summary>
/// Everything doctor lists, as issue 14 names it: nodes (topology labels), namespaces (injection
/// labels), pods (labels, service account, sidecar status), services and endpoint slices,
/// service accounts and deployments (planned objects, istiod's image and revision), config maps
/// (CoreDNS, istio-ca-root-cert), and every Istio networking and security object in every
/// namespace, not only MeshInfra's. Secrets are never listed: only the cacerts Secret is read,
/// by name, and only its public part is kept (<see cref="CaCertsSecret"/>).
/// </summary>
public static class ResourceKinds
{
    public static readonly IReadOnlyList<ResourceKind> All =
    [
        new("", "v1", "nodes", "Node"),
        new("", "v1", "namespaces", "Namespace"),
        new("", "v1", "pods", "Pod"),
        new("", "v1", "services", "Service"),
        new("", "v1", "serviceaccounts", "ServiceAccount"),
        new("", "v1", "configmaps", "ConfigMap"),
        new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice"),
        new("apps", "v1", "deployments", "Deployment"),
        // v1 is a served version of each of these CRDs in crd-all.gen.yaml of both installed releases (1.30.3 and 1.31);
        // the API server converts, so objects applied as v1beta1 are listed too.
        new("networking.istio.io", "v1", "virtualservices", "VirtualService"),
        new("networking.istio.io", "v1", "destinationrules", "DestinationRule"),
        new("networking.istio.io", "v1", "gateways", "Gateway"),
        new("networking.istio.io", "v1", "serviceentries", "ServiceEntry"),
        new("networking.istio.io", "v1", "sidecars", "Sidecar"),
        new("networking.istio.io", "v1", "workloadentries", "WorkloadEntry"),
        new("security.istio.io", "v1", "authorizationpolicies", "AuthorizationPolicy"),
        new("security.istio.io", "v1", "peerauthentications", "PeerAuthentication"),
        new("security.istio.io", "v1", "requestauthentications", "RequestAuthentication"),
    ];
}
