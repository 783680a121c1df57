using System.Collections.Immutable;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// One cluster's objects indexed the way istiod and kube-proxy look them up: the service registry
/// (ServiceEntries and Kubernetes Services by host), DestinationRules and VirtualServices by host,
/// AUTO_PASSTHROUGH gateway servers, and the workloads (pods) with their sidecars.
/// </summary>
public sealed partial class ClusterView
{
    private readonly Dictionary<string, RegistryService> services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DestinationRuleView>> destinationRules = new(StringComparer.Ordinal);
    private readonly List<DestinationRuleView> wildcardDestinationRules = [];
    private readonly Dictionary<string, List<VirtualServiceView>> virtualServices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RegistryService> byAddress = new(StringComparer.Ordinal);
    private readonly List<Workload> workloads = [];
    private readonly List<PassthroughServer> passthroughServers = [];
    private readonly List<PeerAuthenticationView> peerAuthentications = [];
    private readonly Dictionary<string, ImmutableSortedDictionary<string, string>> namespaces = new(StringComparer.Ordinal);
    private readonly SortedSet<string> ignoredKinds = new(StringComparer.Ordinal);
    private readonly List<GatewayServerView> gatewayServers = [];
    private readonly List<VirtualServiceView> gatewayVirtualServices = [];
    private readonly List<VirtualServiceView> meshVirtualServices = [];
    private CorednsBlock? coredns;

    internal ClusterView(ClusterState state, DocReader read, ParseCache cache, string istioMinor)
    {
        Name = state.Name;
        IstioMinor = istioMinor;
        Locality = state.Locality;
        Trust = state.Trust;
        var deployments = new List<MapNode>();
        var pods = new List<MapNode>();
        foreach (var doc in state.Objects)
        {
            var kind = read.Str(doc["kind"]);
            var meta = doc["metadata"] as MapNode;
            var name = read.Str(meta?["name"]) ?? "";
            var ns = read.Str(meta?["namespace"]) ?? "default";
            var spec = doc["spec"] as MapNode ?? MapNode.Empty;
            switch (kind)
            {
                case "Namespace":
                    namespaces[name] = read.StringMap(meta?["labels"]);
                    break;
                case "Deployment":
                    deployments.Add(doc);
                    break;
                case "Pod" when read.Str(doc["apiVersion"]) == "v1":
                    pods.Add(doc);
                    break;
                case "Service" when read.Str(doc["apiVersion"]) == "v1":
                    AddService(KubernetesService(name, ns, spec, read));
                    break;
                case "ServiceEntry":
                    foreach (var service in cache.ServiceEntry(spec, ns, name, state.Name, read))
                    {
                        AddService(service);
                    }

                    break;
                case "DestinationRule":
                    var rule = cache.DestinationRule(spec, ns, name, state.Name, read) with { Order = CreationOrder.Of(meta, name, ns, read) };
                    if (HostMatch.IsWildcard(rule.Host))
                    {
                        wildcardDestinationRules.Add(rule);
                    }
                    else
                    {
                        Bucket(destinationRules, rule.Host).Add(rule);
                    }
                    break;
                case "VirtualService":
                    if (cache.VirtualService(spec, ns, name, state.Name, read) is { } parsed)
                    {
                        var vs = parsed with { Order = CreationOrder.Of(meta, name, ns, read) };
                        if (vs.AppliesToMesh)
                        {
                            meshVirtualServices.Add(vs);
                        }

                        // One bound to gateways only (not "mesh") does not shape sidecar traffic.
                        foreach (var host in vs.AppliesToMesh ? vs.Hosts : [])
                        {
                            Bucket(virtualServices, Qualify(host, ns)).Add(vs);
                        }

                        if (vs.Gateways.Any(g => g != VirtualServiceView.MeshGateway))
                        {
                            gatewayVirtualServices.Add(vs);
                        }
                    }

                    break;
                case "Gateway":
                    passthroughServers.AddRange(ReadPassthroughServers(spec, new ObjectRef(state.Name, "Gateway", ns, name), read));
                    gatewayServers.AddRange(GatewayServerView.Read(spec, new ObjectRef(state.Name, "Gateway", ns, name), read));
                    break;
                case "PeerAuthentication":
                    peerAuthentications.Add(ReadPeerAuthentication(spec, new ObjectRef(state.Name, "PeerAuthentication", ns, name), read));
                    break;
                case "Sidecar":
                    sidecars.Add(PolicyReader.Sidecar(spec, new ObjectRef(state.Name, "Sidecar", ns, name), read));
                    break;
                case "AuthorizationPolicy":
                    authorizationPolicies.Add(PolicyReader.AuthorizationPolicy(doc, spec, new ObjectRef(state.Name, "AuthorizationPolicy", ns, name), read));
                    break;
                default:
                    ignoredKinds.Add(kind ?? "");
                    break;
            }
        }

        foreach (var doc in deployments)
        {
            workloads.Add(FromDeployment(doc, namespaces, read));
        }

        foreach (var doc in pods)
        {
            if (FromPod(doc, read) is { } pod)
            {
                workloads.Add(pod);
            }
        }

        foreach (var (release, values) in state.ReleaseValues)
        {
            // Gateway releases: the chart labels the gateway pods with its `labels` value (app, istio).
            var labels = read.StringMap(values["labels"]);
            if (labels.ContainsKey("istio"))
            {
                // In the release's namespace: a gateway sees the DestinationRules of its own namespace first.
                var ns = state.ReleaseNamespace(release);
                workloads.Add(new Workload(Name, ns, release, labels, false, release, false, new ObjectRef(Name, "HelmRelease", ns, release)));
            }
        }

        // istiod lists each kind oldest first; the first rule for a host wins (see CreationOrder).
        foreach (var rules in destinationRules.Values)
        {
            rules.Sort((a, b) => a.Order.CompareTo(b.Order));
        }

        wildcardDestinationRules.Sort((a, b) => a.Order.CompareTo(b.Order));

        foreach (var list in virtualServices.Values)
        {
            list.Sort((a, b) => a.Order.CompareTo(b.Order));
        }

        meshVirtualServices.Sort((a, b) => a.Order.CompareTo(b.Order));
        var istiod = state.ReleaseValues.GetValueOrDefault("istiod");
        var defaultExportTo = read.Strings(istiod?.At("meshConfig", "defaultVirtualServiceExportTo"));
        DefaultVirtualServiceExportTo = defaultExportTo.IsEmpty ? ["*"] : defaultExportTo;
        DnsCapture = read.Str(istiod?.At("meshConfig", "defaultConfig", "proxyMetadata", "ISTIO_META_DNS_CAPTURE")) == "true";
        TrustDomain = read.Str(istiod?.At("meshConfig", "trustDomain")) ?? "cluster.local";
        OutboundTrafficPolicy = read.Str(istiod?.At("meshConfig", "outboundTrafficPolicy", "mode")) ?? DefaultOutboundTrafficPolicy;
        Corefile = state.CorednsServerBlock;
    }

    public string Name { get; }

    /// <summary>
    /// meshConfig.defaultVirtualServiceExportTo from istiod's values, for a VirtualService without exportTo;
    /// <c>*</c> when unset (push_context.go, initDefaultExportMaps, 1.30.3 and 1.31.0-rc.0).
    /// </summary>
    public ImmutableArray<string> DefaultVirtualServiceExportTo { get; }

    /// <summary>The Istio minor (1.30, 1.31) whose rules apply where they differ (a Sidecar's <c>~</c> hosts).</summary>
    public string IstioMinor { get; }

    public string? Locality { get; }

    /// <summary>Sidecars answer DNS for mesh names (proxyMetadata ISTIO_META_DNS_CAPTURE in istiod's values).</summary>
    public bool DnsCapture { get; }

    public string TrustDomain { get; }

    /// <summary>What this cluster's workloads trust and chain to, where known.</summary>
    public ClusterTrust? Trust { get; }

    /// <summary>
    /// meshConfig.outboundTrafficPolicy.mode from istiod's values; ALLOW_ANY when unset (pkg/config/mesh/mesh.go,
    /// DefaultMeshConfig, 1.30.3 and 1.31.0-rc.0). A Sidecar's own policy overrides it for its workloads: <see cref="OutboundTrafficPolicyFor"/>.
    /// </summary>
    public string OutboundTrafficPolicy { get; }

    public const string DefaultOutboundTrafficPolicy = "ALLOW_ANY";

    public string? Corefile { get; }

    /// <summary>MeshInfra's CoreDNS block, read once: every trace through CoreDNS looks names up in it.</summary>
    internal CorednsBlock? Coredns => coredns ??= CorednsBlockReader.Read(Corefile);

    public IReadOnlyList<Workload> Workloads => workloads;

    public IReadOnlyList<PassthroughServer> PassthroughServers => passthroughServers;

    /// <summary>Every server of every Gateway, in the order the objects come (the ingress gateway routes by them).</summary>
    public IReadOnlyList<GatewayServerView> GatewayServers => gatewayServers;

    /// <summary>The VirtualServices bound to some gateway other than <c>mesh</c>.</summary>
    public IReadOnlyList<VirtualServiceView> GatewayVirtualServices => gatewayVirtualServices;

    public IEnumerable<RegistryService> Services => services.Values;

    public RegistryService? Service(string host) => services.GetValueOrDefault(host);

    public RegistryService? ServiceAt(string address) => byAddress.GetValueOrDefault(address);

    public Workload? Workload(string ns, string name) => workloads.FirstOrDefault(w => w.Namespace == ns && w.Name == name);

    /// <summary>Kinds present in this cluster's objects that the model does not read.</summary>
    public IReadOnlyCollection<string> IgnoredKinds => ignoredKinds;

    /// <summary>
    /// A client the user names that no object declares: a pod of that name in namespace <paramref name="ns"/>,
    /// with a sidecar when the namespace is injected, and with one too when the objects do not hold the
    /// namespace at all (then the injection itself is the assumption). A namespace the objects hold
    /// without the injection label gives a pod without a sidecar, which sends plaintext.
    /// </summary>
    public Workload AssumedClient(string ns, string name)
    {
        var injected = !namespaces.TryGetValue(ns, out var labels) || Injected(labels);
        return new Workload(Name, ns, name, ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal).Add("app", name), injected, "default", true, new ObjectRef(Name, "Deployment", ns, name));
    }

    /// <summary>True when the objects hold namespace <paramref name="ns"/>.</summary>
    public bool HasNamespace(string ns) => namespaces.ContainsKey(ns);

    /// <summary>
    /// The mTLS mode a pod's sidecar enforces inbound on <paramref name="port"/> (the pod's port): the oldest
    /// workload-level policy (a selector, outside the root namespace) over the oldest namespace-level one
    /// over the oldest mesh-level one (root namespace, no selector); an UNSET mode inherits from the wider
    /// scope, a port-level mode of the workload policy replaces it for that port; PERMISSIVE when none
    /// applies. Istio 1.30.3 and 1.31.0-rc.0: pilot/pkg/security/authn/policy_applier.go,
    /// ComposePeerAuthentication (identical at both tags). The model has no creation times: among
    /// policies of one scope it takes the first by namespace and name, where Istio takes the oldest.
    /// </summary>
    public PeerMtls PeerMtlsFor(Workload pod, int port)
    {
        const string root = IstioLabels.IstioSystem;
        var ordered = peerAuthentications.OrderBy(p => p.Source.Namespace, StringComparer.Ordinal).ThenBy(p => p.Source.Name, StringComparer.Ordinal).ToList();
        var mesh = ordered.FirstOrDefault(p => p.Selector.IsEmpty && p.Namespace == root);
        var ns = ordered.FirstOrDefault(p => p.Selector.IsEmpty && p.Namespace != root && p.Namespace == pod.Namespace);
        var workload = ordered.FirstOrDefault(p => !p.Selector.IsEmpty && p.Namespace != root && p.Namespace == pod.Namespace && pod.Matches(p.Selector));
        var result = new PeerMtls(PeerMtls.Permissive, null);
        foreach (var policy in new[] { mesh, ns, workload })
        {
            if (policy?.Mode is { } mode)
            {
                result = new PeerMtls(mode, policy.Source);
            }
        }

        if (workload is not null && workload.PortModes.TryGetValue(port, out var portMode) && portMode is not null)
        {
            result = new PeerMtls(portMode, workload.Source);
        }

        return result;
    }

    /// <summary>
    /// The DestinationRule a proxy in <paramref name="proxyNamespace"/> uses for a host, first step that
    /// holds one wins: a rule in its own namespace (for a proxy in the root namespace, such as the east-west
    /// gateway, only the root's private rules, <c>exportTo: ["."]</c>), then a rule the service's namespace
    /// exports to it, then one the root namespace exports. Within a step the most specific host wins: the
    /// exact host, else the longest wildcard (<c>*.global</c> over <c>*</c>), so a wildcard rule of the proxy's
    /// own namespace beats an exact one of the service's. Istio 1.30.3 and 1.31.0-rc.0:
    /// pilot/pkg/model/push_context.go, destinationRule and getExportedDestinationRuleFromNamespace, each
    /// step through MostSpecificHostMatch (pilot/pkg/model/config.go). Among rules as specific as each other
    /// the oldest wins (setDestinationRules sorts by sortConfigBySelectorAndCreationTime before indexing; see
    /// <see cref="CreationOrder"/>). Rules of one namespace for the same host are not merged here (Istio merges
    /// them, destination_rule.go, mergeDestinationRule: later rules add only subsets of new names): the
    /// oldest is taken. workloadSelector rules are not modelled.
    /// </summary>
    public DestinationRuleView? DestinationRuleFor(string host, string proxyNamespace, string serviceNamespace)
    {
        var exact = destinationRules.GetValueOrDefault(host);
        if (exact is null && wildcardDestinationRules.Count == 0)
        {
            return null;
        }

        IEnumerable<DestinationRuleView> candidates = exact is null ? wildcardDestinationRules : [.. exact, .. wildcardDestinationRules];
        DestinationRuleView? Step(Func<DestinationRuleView, bool> holds) => HostMatch.MostSpecific(host, candidates.Where(holds), r => r.Host);
        const string root = IstioLabels.IstioSystem;
        return (proxyNamespace == root
                ? Step(r => r.Namespace == root && r.IsPrivate)
                : Step(r => r.Namespace == proxyNamespace && r.ExportedTo(proxyNamespace)))
            ?? Step(r => r.Namespace == serviceNamespace && r.ExportedTo(proxyNamespace))
            ?? Step(r => r.Namespace == root && !r.IsPrivate && r.ExportedTo(proxyNamespace));
    }

    /// <summary>A VirtualService host as Istio reads it: a short name is qualified with the VirtualService's namespace.</summary>
    internal static string Qualify(string host, string ns) => host.Contains('.', StringComparison.Ordinal) || host == "*" ? host : $"{host}.{ns}{IstioNames.ClusterLocalSuffix}";

    private void AddService(RegistryService service)
    {
        // istiod keeps one service per host; the first one declared wins here, as in a cluster
        // the older object does.
        if (services.TryAdd(service.Host, service))
        {
            foreach (var address in service.Addresses)
            {
                byAddress.TryAdd(address, service);
            }
        }
    }

    private static List<T> Bucket<T>(Dictionary<string, List<T>> index, string key)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        return list;
    }

    private RegistryService KubernetesService(string name, string ns, MapNode spec, DocReader read)
    {
        var host = $"{name}.{ns}{IstioNames.ClusterLocalSuffix}";
        var ports = DocReader.Items(spec["ports"]).OfType<MapNode>().Select(p => new ServicePortView(
            read.Str(p["name"]) ?? "",
            read.Int(p["port"]) ?? 0,
            read.Str(p["protocol"]) ?? "TCP",
            read.Int(p["targetPort"]) ?? read.Int(p["port"]) ?? 0)).ToImmutableArray();

        // The ClusterIP is the API server's choice; the model names it after the Service instead.
        return new RegistryService(host, ns, false, false, [ClusterIp(host)], ports, [], read.StringMap(spec["selector"]), new ObjectRef(Name, "Service", ns, name));
    }

    /// <summary>The stand-in for a Kubernetes Service's ClusterIP, which only the API server assigns.</summary>
    public static string ClusterIp(string host) => $"ClusterIP({host})";

    private static bool Injected(ImmutableSortedDictionary<string, string> namespaceLabels) =>
        namespaceLabels.GetValueOrDefault(IstioLabels.Injection) == "enabled" || namespaceLabels.ContainsKey("istio.io/rev");

    private static PeerAuthenticationView ReadPeerAuthentication(MapNode spec, ObjectRef source, DocReader read)
    {
        static string? Mode(string? mode) => mode is null or "UNSET" ? null : mode;
        var ports = ImmutableSortedDictionary.CreateBuilder<int, string?>();
        if (spec["portLevelMtls"] is MapNode portLevel)
        {
            foreach (var entry in portLevel.Entries)
            {
                if (int.TryParse(entry.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port))
                {
                    ports[port] = Mode(read.Str((entry.Value as MapNode)?["mode"]));
                }
            }
        }

        return new PeerAuthenticationView(source.Namespace ?? "default", read.StringMap(spec.At("selector", "matchLabels")), Mode(read.Str(spec.At("mtls", "mode"))), ports.ToImmutable(), source);
    }

    private Workload FromDeployment(MapNode doc, Dictionary<string, ImmutableSortedDictionary<string, string>> namespaces, DocReader read)
    {
        var meta = doc["metadata"] as MapNode;
        var name = read.Str(meta?["name"]) ?? "";
        var ns = read.Str(meta?["namespace"]) ?? "default";
        var template = doc.At("spec", "template") as MapNode;
        var labels = read.StringMap(template?.At("metadata", "labels"));
        var annotations = read.StringMap(template?.At("metadata", "annotations"));

        // The injector's namespace label turns injection on; a pod's sidecar.istio.io/inject
        // label or annotation "false" turns it off for that pod.
        var nsLabels = namespaces.GetValueOrDefault(ns);
        var injected = nsLabels is not null && Injected(nsLabels)
            && labels.GetValueOrDefault("sidecar.istio.io/inject") != "false"
            && annotations.GetValueOrDefault("sidecar.istio.io/inject") != "false";
        var serviceAccount = read.Str(template?.At("spec", "serviceAccountName")) ?? "default";
        var assumed = read.Str(meta?.At("annotations", MeshTraffic.AssumedAnnotation)) == "true";
        return new Workload(Name, ns, name, labels, injected, serviceAccount, assumed, new ObjectRef(Name, "Deployment", ns, name));
    }

    /// <summary>
    /// A pod as a live cluster holds it (doctor reads Pods, not Deployments): its own labels and service
    /// account, and a sidecar when the injector stamped it. Istio's mTLS endpoint filter reads exactly
    /// the pod's <c>security.istio.io/tlsMode</c> label (pilot/pkg/xds/endpoints/ep_filters.go,
    /// EndpointsWithMTLSFilter, 1.30.3 and 1.31.0-rc.0), which the injection template sets to "istio"
    /// (manifests/charts/istio-control/istio-discovery/files/injection-template.yaml). Pods that have
    /// finished (Succeeded, Failed) serve nothing and are left out.
    /// </summary>
    private Workload? FromPod(MapNode doc, DocReader read)
    {
        var phase = read.Str(doc.At("status", "phase"));
        if (phase is "Succeeded" or "Failed")
        {
            return null;
        }

        var meta = doc["metadata"] as MapNode;
        var name = read.Str(meta?["name"]) ?? "";
        var ns = read.Str(meta?["namespace"]) ?? "default";
        var labels = read.StringMap(meta?["labels"]);
        var sidecar = labels.GetValueOrDefault(IstioLabels.TlsModeLabel) == "istio";
        var serviceAccount = read.Str(doc.At("spec", "serviceAccountName")) ?? "default";
        var assumed = read.Str(meta?.At("annotations", MeshTraffic.AssumedAnnotation)) == "true";
        return new Workload(Name, ns, name, labels, sidecar, serviceAccount, assumed, new ObjectRef(Name, "Pod", ns, name));
    }

    private static IEnumerable<PassthroughServer> ReadPassthroughServers(MapNode spec, ObjectRef source, DocReader read)
    {
        var selector = read.StringMap(spec["selector"]);
        foreach (var server in DocReader.Items(spec["servers"]).OfType<MapNode>())
        {
            if (read.Str(server.At("tls", "mode")) == "AUTO_PASSTHROUGH" && read.Int(server.At("port", "number")) is { } port)
            {
                yield return new PassthroughServer(port, read.Strings(server["hosts"]), selector, source);
            }
        }
    }
}
