using System.Collections.Immutable;
using MeshInfra.Model.Config;
using MeshInfra.Model.Dns;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The traffic model's input for a stack: the objects of its plan as each cluster would hold them,
/// plus the assumptions about what MeshInfra does not deploy, each stated so a trace can print it:
/// the pods of exported services (labelled app/version, with a sidecar, in an injected namespace),
/// their Kubernetes Service, a client pod per cluster for `verify`, and where gateways are dialled.
/// </summary>
public sealed record MeshTraffic(ImmutableArray<ClusterState> Clusters, ImmutableArray<GatewayDial> Gateways, ImmutableArray<string> Assumptions, string IstioVersion)
{
    /// <summary>The client pod `verify` sends from in every cluster (assumed, with a sidecar).</summary>
    public const string ProbeNamespace = "meshinfra-probe";
    public const string ProbeWorkload = "client";

    /// <summary>From a plan: its objects (or <paramref name="objects"/> where given, e.g. a render folder) and the stack's assumptions.</summary>
    /// <param name="plan">The stack's plan.</param>
    /// <param name="resolve">Text for a deferred value (a --set value or the placeholder).</param>
    /// <param name="objects">Objects per cluster to use instead of the plan's (and release values, Corefile block).</param>
    public static MeshTraffic FromPlan(MeshPlan plan, Func<DeferredValue, string> resolve, IReadOnlyDictionary<string, ClusterState>? objects = null)
    {
        var spec = plan.Spec;
        var assumptions = new List<string>();
        var states = ImmutableArray.CreateBuilder<ClusterState>();
        foreach (var clusterPlan in plan.Clusters)
        {
            var cluster = clusterPlan.Cluster;
            var state = objects?.GetValueOrDefault(cluster.Name) ?? new ClusterState(
                cluster.Name,
                cluster.Locality,
                [.. clusterPlan.Objects.Select(o => o.Object.ToNode())],
                clusterPlan.Resources.OfType<PlannedRelease>().ToImmutableSortedDictionary(r => r.ReleaseName, r => r.Values, StringComparer.Ordinal),
                clusterPlan.Resources.OfType<PlannedDnsChange>().FirstOrDefault(d => d.Mode is DnsMode.Corefile or DnsMode.CorednsCustom) is { } dns
                    ? CorefileEditor.RenderServerBlock(dns.Block)
                    : null)
            {
                ReleaseNamespaces = clusterPlan.Resources.OfType<PlannedRelease>().ToImmutableSortedDictionary(r => r.ReleaseName, r => r.Namespace, StringComparer.Ordinal),
            };
            var extra = new List<MapNode>();
            Assume(spec, cluster, state, extra, assumptions);
            states.Add(state with { CorednsConfigMap = clusterPlan.Dns?.ConfigMapName ?? state.CorednsConfigMap, Locality = cluster.Locality, Objects = state.Objects.AddRange(extra), Trust = state.Trust ?? ClusterTrust.Uniform(TrustOf(clusterPlan)) });
        }

        // Under static resolution failoverPriority compares the endpoints' labels with values the rule writes in: no node label enters.
        if (spec.EndpointResolution == EndpointResolution.Dns && plan.Clusters.Any(c => c.Cluster.Locality is not null))
        {
            assumptions.Add("each cluster's nodes carry the topology.kubernetes.io/region and zone of its labels (a client's locality)");
        }

        assumptions.Add(IgnoredKinds(states));
        var dials = spec.Clusters.Select(c =>
        {
            var (address, port) = GlobalEndpoints.Gateway(c, GatewayKind.EastWest);
            var reader = new DocReader(resolve);
            return new GatewayDial(c.Name, reader.Str(address)!, reader.Str(port)!);
        }).ToImmutableArray();
        assumptions.AddRange(dials.Select(d => $"{d.Cluster}'s east-west gateway is reached at {d.Address}:{d.Port}"));
        var ingress = spec.Clusters.Where(c => c.IngressGateway is not null).Select(c =>
        {
            var (address, port) = GlobalEndpoints.Gateway(c, GatewayKind.Ingress);
            var reader = new DocReader(resolve);
            return new IngressDial(c.Name, reader.Str(address)!, reader.Str(port)!, IstioLabels.DialledPort(GatewayKind.Ingress));
        }).ToImmutableArray();
        return new MeshTraffic(states.ToImmutable(), dials, [.. assumptions], spec.Istio.Version) { IngressDials = ingress, OwnGatewayIps = OwnGatewayIp.For(spec, resolve) };
    }

    /// <summary>What the cluster's workloads hold once each has renewed its certificate under this plan.</summary>
    public static WorkloadTrust TrustOf(ClusterPlan cluster)
    {
        var intermediate = cluster.Resources.OfType<PlannedCertificate>().Single();
        return new WorkloadTrust([.. intermediate.TrustBundle.Select(r => r.ToString())], intermediate.SignedBy!.ToString());
    }

    /// <summary>Where each cluster's ingress gateway is dialled from outside (clusters with one only).</summary>
    public ImmutableArray<IngressDial> IngressDials { get; init; } = [];

    /// <summary>Clusters taken down for the trace (<c>--down</c>): their east-west gateway is gone or ejected, their clients send nothing.</summary>
    public ImmutableSortedSet<string> Down { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    /// <summary>Endpoint host names and the number of addresses each resolves to (<c>--resolves</c>).</summary>
    public ImmutableSortedDictionary<string, int> Resolves { get; init; } = ImmutableSortedDictionary.Create<string, int>(StringComparer.Ordinal);

    /// <summary>Where each cluster's own sidecars dial their east-west gateway by ClusterIP (static resolution only).</summary>
    public ImmutableArray<OwnGatewayIp> OwnGatewayIps { get; init; } = [];

    public TrafficModel Model(Func<DeferredValue, string> resolve) => new(Clusters, Gateways, resolve, IstioVersion, IngressDials) { Down = Down, Resolves = Resolves, OwnGatewayIps = OwnGatewayIps };

    /// <summary>The same objects, with the client pods of some clusters on nodes of another locality than the stack's labels say.</summary>
    public MeshTraffic WithClientLocalities(IEnumerable<ClientLocality> localities)
    {
        var given = localities.GroupBy(l => l.Cluster, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Locality, StringComparer.Ordinal);
        return given.Count == 0 ? this : this with
        {
            Clusters = [.. Clusters.Select(c => given.TryGetValue(c.Name, out var locality) ? c with { Locality = locality } : c)],
            Assumptions = [.. Assumptions, .. given.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}'s client pods run on nodes of locality {g.Value} ({ClientLocality.Flag})")],
        };
    }

    /// <summary>The same objects with some clusters down and some gateway names resolving to several addresses, each stated as an assumption.</summary>
    public MeshTraffic WithFailover(IEnumerable<string> down, IEnumerable<ResolvedName> resolves)
    {
        var clusters = down.ToImmutableSortedSet(StringComparer.Ordinal);
        var names = resolves.GroupBy(r => r.Host, StringComparer.Ordinal).ToImmutableSortedDictionary(g => g.Key, g => g.Last().Addresses, StringComparer.Ordinal);
        return this with
        {
            Down = clusters,
            Resolves = names,
            Assumptions = [.. Assumptions,
                .. clusters.Select(c => $"{c} is down (--down), so its east-west gateway refuses connections, outlier detection ejects it where the DestinationRule has one, and its clients send nothing"),
                .. names.Select(n => $"{n.Key} resolves to {n.Value} addresses ({ResolvedName.Flag}), {n.Value} hosts in Envoy")],
        };
    }

    private static void Assume(MeshSpec spec, ClusterSpec cluster, ClusterState state, List<MapNode> extra, List<string> assumptions)
    {
        var read = new DocReader(v => v.Placeholder);
        var present = state.Objects.Select(o => (Kind: read.Str(o["kind"]), Ns: read.Str(o.At("metadata", "namespace")), Name: read.Str(o.At("metadata", "name")), Doc: o)).ToList();
        var namespaces = present.Where(p => p.Kind == "Namespace").Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        // A namespace the objects declare keeps its labels (ClusterView reads the last document of a name): without
        // istio-injection=enabled or the istio.io/rev of a revision the cluster runs, the injector's webhooks do not
        // select the assumed pods, which carry no injection label of their own (SidecarInjector), so they run without
        // a sidecar, and the assumption must say so.
        var injector = SidecarInjector.For(state, read);
        var declared = present.Where(p => p.Kind == "Namespace" && p.Name is not null).GroupBy(p => p.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => read.StringMap(g.Last().Doc.At("metadata", "labels")), StringComparer.Ordinal);
        foreach (var service in spec.Services.Where(s => s.RunsIn(cluster.Name)))
        {
            var deployed = present.Any(p => p.Kind == "Deployment" && p.Ns == service.Namespace
                && read.Str(p.Doc.At("spec", "template", "metadata", "labels", "app")) == service.Name);
            if (!present.Any(p => p.Kind == "Service" && p.Ns == service.Namespace && p.Name == service.Name))
            {
                extra.Add(new KubeObject("v1", "Service", ObjectMeta.Named(service.Name, service.Namespace), MapNode.Of(("spec", MapNode.Of(
                    ("selector", MapNode.OfStrings([KeyValuePair.Create("app", service.Name)])),
                    ("ports", ListNode.From(service.Ports.Select(p => (ManifestNode)MapNode.Of(("name", p.Name), ("port", p.Number))))))))).ToNode());
                assumptions.Add($"{cluster.Name}: Service {service.Namespace}/{service.Name} exists, selecting app={service.Name}, ports {string.Join(", ", service.Ports.Select(p => p.Number))}");
            }

            if (!deployed)
            {
                if (namespaces.Add(service.Namespace))
                {
                    extra.Add(InjectedNamespace(service.Namespace));
                }

                var sidecar = !declared.TryGetValue(service.Namespace, out var nsLabels) || injector.InjectsNamespace(service.Namespace, nsLabels)
                    ? "with a sidecar"
                    : nsLabels.TryGetValue(IstioLabels.Revision, out var revision) && !nsLabels.ContainsKey(IstioLabels.Injection)
                        ? $"without a sidecar (namespace {service.Namespace} is labelled {IstioLabels.Revision}={revision}, a revision no injector of {cluster.Name} serves: {string.Join(", ", injector.Revisions)})"
                        : $"without a sidecar (namespace {service.Namespace} carries no injection label)";
                var versions = service.VersionsIn(cluster.Name);
                foreach (var version in versions.IsEmpty ? [null] : versions.Select(v => (string?)v))
                {
                    var labels = new Dictionary<string, string> { ["app"] = service.Name };
                    if (version is not null)
                    {
                        labels["version"] = version;
                    }

                    extra.Add(Deployment(service.Namespace, version is null ? service.Name : $"{service.Name}-{version}", labels, service.ServiceAccount ?? "default"));
                    assumptions.Add($"{cluster.Name}: pods of {service.Name}.{service.Namespace}" + (version is null ? "" : $" {version}")
                        + $" run {sidecar}, labelled app={service.Name}" + (version is null ? "" : $", version={version}") + $", as service account {service.ServiceAccount ?? "default"}");
                }
            }
        }

        extra.Add(InjectedNamespace(ProbeNamespace));
        extra.Add(Deployment(ProbeNamespace, ProbeWorkload, new Dictionary<string, string> { ["app"] = ProbeWorkload }, "default"));
    }

    /// <summary>The kinds the model reads.</summary>
    public static readonly ImmutableArray<string> ReadKinds =
        ["Namespace", "Deployment", "Pod", "Service", "ServiceEntry", "DestinationRule", "VirtualService", "Gateway", "PeerAuthentication", "Sidecar", "AuthorizationPolicy"];

    /// <summary>Kinds that change a real request and that the model never reads, named whether or not the objects hold one.</summary>
    public static readonly ImmutableArray<string> UnmodelledTrafficKinds =
        ["EnvoyFilter", "WorkloadEntry", "WorkloadGroup", "RequestAuthentication", "NetworkPolicy", "ProxyConfig", "WasmPlugin", "Telemetry"];

    /// <summary>One line naming every kind the model ignores: the traffic kinds it never reads, and any other kind the objects hold.</summary>
    private static string IgnoredKinds(IEnumerable<ClusterState> states)
    {
        var read = new DocReader(v => v.Placeholder);
        // A document whose kind is no string (a map or list in a render folder's file) is of no kind: nothing to name.
        var held = states.SelectMany(s => s.Objects).Select(o => read.Str(o["kind"])).OfType<string>()
            .Where(k => !ReadKinds.Contains(k) && !UnmodelledTrafficKinds.Contains(k)).ToHashSet(StringComparer.Ordinal);
        var unmodelled = UnmodelledTrafficKinds.Concat(held.Order(StringComparer.Ordinal));
        return $"the model reads only {string.Join(", ", ReadKinds)} (of a Gateway, its AUTO_PASSTHROUGH servers and its plain-HTTP servers for ingress; of a Sidecar, its egress hosts and outboundTrafficPolicy; of an AuthorizationPolicy, ALLOW and DENY rules by principal, namespace, path, method and port, CUSTOM named but not evaluated) and ignores every other kind, here {string.Join(", ", unmodelled)}";
    }

    private static MapNode InjectedNamespace(string ns) =>
        new KubeObject("v1", "Namespace", ObjectMeta.Named(ns).WithLabel(IstioLabels.Injection, "enabled"), MapNode.Empty).ToNode();

    private static MapNode Deployment(string ns, string name, Dictionary<string, string> labels, string serviceAccount) =>
        new KubeObject("apps/v1", "Deployment", ObjectMeta.Named(name, ns).WithAnnotation(AssumedAnnotation, "true"), MapNode.Of(("spec", MapNode.Of(
            ("template", MapNode.Of(
                ("metadata", MapNode.Of(("labels", MapNode.OfStrings(labels)))),
                ("spec", MapNode.Of(("serviceAccountName", serviceAccount))))))))).ToNode();

    /// <summary>Marks the workloads the model assumes rather than reads.</summary>
    public const string AssumedAnnotation = "meshinfra.io/assumed";
}
