using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Traffic;

/// <summary>The cluster's Sidecars and AuthorizationPolicies, and the lookups the model makes in them.</summary>
public sealed partial class ClusterView
{
    private readonly List<SidecarView> sidecars = [];
    private readonly List<AuthorizationPolicyView> authorizationPolicies = [];

    /// <summary>Every AuthorizationPolicy of the cluster, in the objects' order (<see cref="AuthorizationRules"/> picks those that apply).</summary>
    public IReadOnlyList<AuthorizationPolicyView> AuthorizationPolicies => authorizationPolicies;

    /// <summary>
    /// The Sidecar that scopes a sidecar proxy of <paramref name="client"/>: in its namespace the first whose
    /// workloadSelector its labels hold, else the first without a selector; else the root namespace's first
    /// without a selector; null when none (every host is known). Istio sorts by creation time, selectors first
    /// (push_context.go, initSidecarScopes, sortConfigByCreationTime, then doGetSidecarScope, 1.30.3 and
    /// 1.31.0-rc.0), so among several the oldest wins (<see cref="CreationOrder"/>). Gateways always use the default scope (doGetSidecarScope,
    /// case Router): no Sidecar narrows an ingress or east-west gateway.
    /// </summary>
    public SidecarView? SidecarFor(Workload client)
    {
        const string root = IstioLabels.IstioSystem;
        return sidecars.FirstOrDefault(s => s.Namespace == client.Namespace && s.HasSelector && client.Matches(s.Selector))
            ?? sidecars.FirstOrDefault(s => s.Namespace == client.Namespace && !s.HasSelector)
            ?? sidecars.FirstOrDefault(s => s.Namespace == root && !s.HasSelector);
    }

    /// <summary>
    /// Whether <paramref name="client"/>'s proxy knows <paramref name="service"/> on <paramref name="port"/> (any port
    /// when null): the service is exported to the client's namespace (<see cref="IstioRules.ServiceVisibleTo"/>), and
    /// its Sidecar imports it, or it has none. The DNS proxy answers only names it knows (pkg/dns/server/name_table.go,
    /// BuildNameTable reads the egress listeners' services, 1.30.3 and 1.31.0-rc.0).
    /// </summary>
    public bool Knows(Workload client, RegistryService service, int? port = null) =>
        IstioRules.ServiceVisibleTo(service, DefaultServiceExportTo, client.Namespace)
        && (SidecarFor(client) is not { } scope
            || (port is { } p ? [p] : service.Ports.Select(x => x.Number)).Any(n => scope.Imports(service.Host, service.Namespace, n, client.Namespace, IstioMinor)));

    /// <summary>The outboundTrafficPolicy a client's proxy applies: its Sidecar's where set, else the mesh's (sidecar.go, initSidecarScopeInternalIndexes).</summary>
    public string OutboundTrafficPolicyFor(Workload client) => SidecarFor(client)?.OutboundTrafficPolicy ?? OutboundTrafficPolicy;
}
