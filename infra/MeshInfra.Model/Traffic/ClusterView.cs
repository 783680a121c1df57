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
    private readonly List<DestinationRuleView> destinationRules = [];
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
        Injector = SidecarInjector.For(state, read);
        var deployments = new List<MapNode>();
        var pods = new List<MapNode>();
        // istiod's allocator gives ServiceEntries without addresses one each, unless its env turns it off
        // (PILOT_ENABLE_IP_AUTOALLOCATE, a Go bool: pilot/pkg/features/pilot.go, 1.30.3 and 1.31.0-rc.0).
        var autoAllocate = read.Str(state.IstiodValues?.At("env", "PILOT_ENABLE_IP_AUTOALLOCATE")) is not ("false" or "0" or "f" or "F" or "FALSE" or "False");
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
                    AddService(KubernetesService(name, ns, spec, meta, read));
                    break;
                case "ServiceEntry":
                    var allocates = autoAllocate && !string.Equals(read.StringMap(meta?["labels"]).GetValueOrDefault(AutoAllocateLabel), "false", StringComparison.OrdinalIgnoreCase);
                    foreach (var service in cache.ServiceEntry(spec, ns, name, state.Name, read))
                    {
                        AddService(allocates && AutoAllocates(service) ? service with { AutoAllocatedAddress = $"AutoIP({service.Host})" } : service);
                    }

                    break;
                case "DestinationRule":
                    destinationRules.Add(cache.DestinationRule(spec, ns, name, state.Name, read) with { Order = CreationOrder.Of(meta, name, ns, read) });
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
                        foreach (var host in vs.AppliesToMesh ? vs.Hosts.Select(h => Qualify(h, ns)) : [])
                        {
                            if (HostMatch.IsWildcard(host))
                            {
                                wildcardVirtualServices.Add((host, vs));
                            }
                            else
                            {
                                Bucket(virtualServices, host).Add(vs);
                            }
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
                    peerAuthentications.Add(ReadPeerAuthentication(spec, new ObjectRef(state.Name, "PeerAuthentication", ns, name), read) with { Order = CreationOrder.Of(meta, name, ns, read) });
                    break;
                case "Sidecar":
                    sidecars.Add(PolicyReader.Sidecar(spec, new ObjectRef(state.Name, "Sidecar", ns, name), read) with { Order = CreationOrder.Of(meta, name, ns, read) });
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

        // istiod lists each kind oldest first; the first VirtualService for a host wins (see CreationOrder).
        foreach (var list in virtualServices.Values)
        {
            list.Sort((a, b) => a.Order.CompareTo(b.Order));
        }

        meshVirtualServices.Sort((a, b) => a.Order.CompareTo(b.Order));
        sidecars.Sort((a, b) => a.Order.CompareTo(b.Order));
        wildcardVirtualServices = [.. wildcardVirtualServices.OrderBy(w => w.Vs.Order)];
        var istiod = state.IstiodValues;
        var defaultExportTo = read.Strings(istiod?.At("meshConfig", "defaultVirtualServiceExportTo"));
        DefaultVirtualServiceExportTo = defaultExportTo.IsEmpty ? ["*"] : defaultExportTo;
        var serviceExportTo = read.Strings(istiod?.At("meshConfig", "defaultServiceExportTo"));
        DefaultServiceExportTo = serviceExportTo.IsEmpty ? ["*"] : serviceExportTo;
        ruleIndex = new DestinationRuleIndex(destinationRules, read.Strings(istiod?.At("meshConfig", "defaultDestinationRuleExportTo")));
        DnsCapture = read.Str(istiod?.At("meshConfig", "defaultConfig", "proxyMetadata", "ISTIO_META_DNS_CAPTURE")) == "true";
        TrustDomain = read.Str(istiod?.At("meshConfig", "trustDomain")) ?? "cluster.local";
        OutboundTrafficPolicy = read.Str(istiod?.At("meshConfig", "outboundTrafficPolicy", "mode")) ?? DefaultOutboundTrafficPolicy;
        Corefile = state.CorednsServerBlock;
        CorednsConfigMap = state.CorednsConfigMap;
    }

    public string Name { get; }

    /// <summary>The sidecar injectors the cluster runs: which new pods get a sidecar.</summary>
    public SidecarInjector Injector { get; }

    /// <summary>
    /// meshConfig.defaultVirtualServiceExportTo from istiod's values, for a VirtualService without exportTo;
    /// <c>*</c> when unset (push_context.go, initDefaultExportMaps, 1.30.3 and 1.31.0-rc.0).
    /// </summary>
    public ImmutableArray<string> DefaultVirtualServiceExportTo { get; }

    /// <summary>
    /// meshConfig.defaultServiceExportTo from istiod's values, for a service without exportTo; <c>*</c> when unset
    /// (push_context.go, initDefaultExportMaps, 1.30.3 and 1.31.0-rc.0).
    /// </summary>
    public ImmutableArray<string> DefaultServiceExportTo { get; }

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

    /// <summary>The kube-system ConfigMap that holds <see cref="Corefile"/>.</summary>
    public string CorednsConfigMap { get; }

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

    /// <summary>True when the objects hold namespace <paramref name="ns"/>.</summary>
    public bool HasNamespace(string ns) => namespaces.ContainsKey(ns);

    /// <summary>A VirtualService host as Istio reads it: a short name is qualified with the VirtualService's namespace.</summary>
    internal static string Qualify(string host, string ns) => host.Contains('.', StringComparison.Ordinal) || host == "*" ? host : $"{host}.{ns}{IstioNames.ClusterLocalSuffix}";

    /// <summary>The ServiceEntry label by which one opts out of an automatic address (istio.io/api label, NetworkingEnableAutoallocateIp).</summary>
    private const string AutoAllocateLabel = "networking.istio.io/enable-autoallocate-ip";

    /// <summary>
    /// Whether istiod's allocator gives this ServiceEntry host an address: none of its own, a resolution other than
    /// NONE (networking/serviceentry/ip_autoallocation.go, shouldV2AutoAllocateIPFromPieces), and a host that is not a
    /// wildcard unless its resolution is DYNAMIC_DNS (pilot/pkg/controllers/ipallocate/ipallocate.go, keepHost),
    /// 1.30.3 and 1.31.0-rc.0.
    /// </summary>
    private static bool AutoAllocates(RegistryService service) =>
        service.Addresses.IsEmpty && service.Resolution != "NONE" && (!service.Host.StartsWith('*') || service.Resolution == "DYNAMIC_DNS");

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

            if (service.AutoAllocatedAddress is { } automatic)
            {
                byAddress.TryAdd(automatic, service);
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

    private RegistryService KubernetesService(string name, string ns, MapNode spec, MapNode? meta, DocReader read)
    {
        var host = $"{name}.{ns}{IstioNames.ClusterLocalSuffix}";
        var ports = DocReader.Items(spec["ports"]).OfType<MapNode>().Select(p => KubernetesPort(p, read)).ToImmutableArray();

        // The ClusterIP is the API server's choice; the model names it after the Service instead. The exportTo
        // annotation is a comma-separated list, each entry trimmed (kube/conversion.go ConvertService, 1.30.3 and 1.31.0-rc.0).
        var exportTo = read.StringMap(meta?["annotations"]).GetValueOrDefault(ExportToAnnotation) is { Length: > 0 } annotated
            ? [.. annotated.Split(',').Select(n => n.Trim())]
            : ImmutableArray<string>.Empty;
        return new RegistryService(host, ns, false, false, [ClusterIp(host)], ports, [], read.StringMap(spec["selector"]), new ObjectRef(Name, "Service", ns, name))
        {
            ExportTo = exportTo,
        };
    }

    /// <summary>The annotation by which a Kubernetes Service sets its exportTo (annotation.NetworkingExportTo).</summary>
    private const string ExportToAnnotation = "networking.istio.io/exportTo";

    /// <summary>
    /// A Service port as the API server stores it and istiod reads it. The API server defaults <c>protocol</c> to TCP and
    /// a <c>targetPort</c> that is unset, 0 or "" to the port (kubernetes pkg/apis/core/v1/defaults.go, SetDefaults_Service);
    /// objects from a render folder are not defaulted, so the model does it. A targetPort written as a name stays a name,
    /// which each pod resolves (<see cref="ServicePortView.PodPort"/>). The port's mesh protocol is
    /// <see cref="KubernetesPortProtocol.Of"/>: appProtocol or the name, never the L4 protocol but for UDP.
    /// </summary>
    private static ServicePortView KubernetesPort(MapNode port, DocReader read)
    {
        var number = read.Int(port["port"]) ?? 0;
        var name = read.Str(port["name"]) ?? "";
        var transport = read.Str(port["protocol"]) ?? "TCP";
        var target = read.Str(port["targetPort"]);
        var targetName = target is { Length: > 0 } && read.Int(port["targetPort"]) is null ? target : null;
        var targetNumber = read.Int(port["targetPort"]) is { } n and not 0 ? n : number;
        return new ServicePortView(name, number, KubernetesPortProtocol.Of(number, name, transport, read.Str(port["appProtocol"])), targetNumber)
        {
            TargetPortName = targetName,
            Transport = transport,
        };
    }

    /// <summary>The stand-in for a Kubernetes Service's ClusterIP, which only the API server assigns.</summary>
    public static string ClusterIp(string host) => $"ClusterIP({host})";

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
