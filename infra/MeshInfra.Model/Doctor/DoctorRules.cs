namespace MeshInfra.Model.Doctor;

/// <summary>
/// The rule each finding rests on, written once: the Istio, CoreDNS or Kubernetes source file and
/// function, read at the tags the stack installs (Istio 1.30.3 and 1.31.0-rc.0; the functions named
/// are present with the same behaviour at both).
/// </summary>
internal static class DoctorRules
{
    private const string Tags = "Istio 1.30.3 and 1.31.0-rc.0";

    public const string Drift = "MeshInfra's plan is what `pulumi up` applies; a field it sets that differs in the cluster is changed by someone else (only the fields MeshInfra sets are compared: the API server's defaults, status and managedFields are not drift)";

    public const string Orphan = "MeshInfra names every ServiceEntry, DestinationRule and VirtualService it creates in istio-system after a global host of its domain; one the plan no longer has is left over from an earlier config";

    public const string GatewayDial = $"ServiceEntry endpoints are dialled as written (pilot/pkg/serviceregistry/serviceentry/conversion.go, convertServiceEntryToInstances; {Tags}): a gateway address or NodePort that moved is not followed";

    public const string Corefile = "CoreDNS answers a zone from the server block whose zone matches (core/dnsserver/server.go, ServeDNS); MeshInfra's `hosts` block for the global domain must be in the live Corefile";

    public const string VirtualService = $"pilot/pkg/model/virtualservice.go, SelectVirtualServices (a sidecar's own namespace's private VirtualServices, then those exported to it, then public ones, each by creation time) and pilot/pkg/networking/core/httproute.go, BuildSidecarOutboundVirtualHosts (a later VirtualService for the same host is dropped as \"duplicate domain from virtual service\") and pilot/pkg/model/sidecar.go, computeWildcardHostVirtualServiceIndex (an exact host before the longest wildcard), {Tags}";

    public const string DestinationRule = $"pilot/pkg/model/push_context.go, destinationRule (the proxy's own namespace first, then the service's namespace's exported rules, then the root namespace's; within each MostSpecificHostMatch, so a wildcard host counts) and pilot/pkg/model/destination_rule.go, mergeDestinationRule (rules for one host in one namespace merge; the older one's trafficPolicy is kept) and pilot/pkg/model/sidecar.go, SidecarScope.DestinationRule (a workloadSelector rule for the pods it selects, else the rule without one), {Tags}";

    public const string Sidecar = $"pilot/pkg/model/sidecar.go, IstioEgressListenerWrapper.selectServices and hostClassification.Matches (a Sidecar's egress hosts are the only services its proxies see), {Tags}";

    public const string AuthorizationPolicy = $"pilot/pkg/security/authz/builder/builder.go, Builder.build (DENY policies are enforced before ALLOW; once an ALLOW policy selects a workload, a request no ALLOW rule matches is refused), {Tags}";

    public const string PeerAuthentication = $"pilot/pkg/security/authn/policy_applier.go, ComposePeerAuthentication (a workload-selector policy overrides its namespace's, which overrides the root namespace's), {Tags}";

    public const string Locality = $"pilot/pkg/serviceregistry/kube/controller/controller.go, getPodLocality (a pod's locality is its node's topology.kubernetes.io/region and zone) and pilot/pkg/networking/core/loadbalancer/loadbalancer.go, applyLocalityFailover (endpoints whose region matches the client's are tried first), {Tags}";

    public const string Sidecarless = $"pilot/pkg/xds/endpoints/ep_filters.go, EndpointsWithMTLSFilter (under ISTIO_MUTUAL a pod without the security.istio.io/tlsMode: istio label, which only injection sets, is dropped from the gateway's endpoints), {Tags}";

    public const string Subset = $"pilot/pkg/networking/core/cluster_builder.go, buildSubsetCluster (a subset's endpoints are the pods carrying all of its labels), {Tags}";

    public const string Injection = $"manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml, namespaceSelector (pods get a sidecar only in namespaces labelled istio-injection=enabled or istio.io/rev=<revision>), {Tags}";

    public const string KubernetesVersion = "Istio 1.30 and 1.31 support Kubernetes 1.32 to 1.36 (istio.io/latest/docs/releases/supported-releases), the range `meshinfra validate` enforces";

    public const string IstioVersion = "the stack pins one Istio version (istio.version) for every cluster; istiod's image tag is the version it runs, and a different control plane builds different configuration";

    public const string SharedRoot = $"security/pkg/pki/util/keycertbundle.go, Verify (istiod loads cacerts only when cert-chain.pem chains ca-cert.pem to root-cert.pem) and pilot/pkg/serviceregistry/kube/controller/namespacecontroller.go, reconcileCACertAndCRL (istiod writes its root into every namespace's istio-ca-root-cert, which sidecars trust), {Tags}";

    public const string Expiry = "X.509 validity (RFC 5280 4.1.2.5): after notAfter no peer accepts the certificate, and istiod signs workload certificates with the intermediate";

    public const string Traffic = "the traffic model's hop rules (`meshinfra trace` prints each hop with the Istio function it follows), run over the objects the clusters hold";
}
