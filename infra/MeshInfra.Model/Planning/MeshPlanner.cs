using System.Collections.Immutable;
using MeshInfra.Model.Addressing;
using MeshInfra.Model.Config;
using MeshInfra.Model.Dns;
using MeshInfra.Model.Doctor;
using MeshInfra.Model.Federation;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Samples;
using MeshInfra.Model.Trust;

namespace MeshInfra.Model.Planning;

/// <summary>
/// Decides everything about a mesh that needs no cluster: a pure function from a validated
/// <see cref="MeshSpec"/> to a <see cref="MeshPlan"/>. Same spec and options, same plan.
/// </summary>
public static class MeshPlanner
{
    // Namespaces every cluster already has: MeshInfra labels them (a patch) instead of creating them.
    private static readonly HashSet<string> BuiltInNamespaces = new(StringComparer.Ordinal) { "default", "kube-system", "kube-public" };

    public static MeshPlan Plan(MeshSpec spec, PlanOptions? options = null)
    {
        options ??= PlanOptions.Default;
        var hosts = PlanGlobalHosts(spec, options);
        var edges = new List<DependencyEdge>(); // each once: PlanCluster drops repeats
        var memo = new PlanMemo(spec);

        // What is the same in every cluster is built once and shared: the host objects (see
        // SharedHostObjects) and the CoreDNS block, which lists every host. Routes find their
        // service by key rather than by a scan of every service per route and cluster.
        var shared = hosts.Select(h => new SharedHostObjects(
            h,
            viewer => IstioObjects.ServiceEntry(h.Host, h.Address.ToString(), h.Service, GlobalEndpoints.Of(spec, h.Service, viewer), spec.EndpointResolution),
            viewer => GlobalLocality.Region(spec.Cluster(viewer)),
            viewer => GlobalLocality.RuleKey(spec, h.Service, spec.Cluster(viewer)),
            viewer => GlobalLocality.DestinationRule(spec, h, spec.Cluster(viewer)))).ToList();
        var services = new Dictionary<(string Name, string Namespace), ServiceSpec>();
        foreach (var service in spec.Services)
        {
            services.TryAdd((service.Name, service.Namespace), service);
        }

        var dnsBlock = new MeshDnsBlock(spec.GlobalDomain, hosts.Select(h => new HostsEntry(h.Address.ToString(), h.Host)).ToImmutableArray());

        var roots = TrustPlanner.Roots(spec.Trust);
        var today = options.Today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var conflicts = new List<ConfigError>();
        var clusterResources = spec.Clusters.Select(c => PlanCluster(spec, c, shared, services, dnsBlock, roots, today, edges, memo, conflicts)).ToList();
        edges.AddRange(IstioInstall.RolloutEdges(spec));
        if (conflicts.Count > 0)
        {
            throw new MeshConfigException([.. conflicts.Distinct()]);
        }

        var trust = roots;

        // From here on resources are numbered by their place in this list (the trust, then each
        // cluster's resources in turn) and edges are pairs of those numbers: a large plan has hundreds
        // of thousands of both, and hashing an id once per edge, not once per step, keeps this cheap.
        var ids = trust.Select(r => r.Id).Concat(clusterResources.SelectMany(r => r).Select(r => r.Id)).ToList();
        var clusterIndex = spec.Clusters.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var pairs = PlanGraph.IndexEdges(ids, edges);
        var (order, depth) = PlanGraph.ApplyOrder(clusterIndex, ids, pairs);
        var step = new int[ids.Count];
        for (var i = 0; i < order.Length; i++)
        {
            step[order[i]] = i;
        }

        var first = trust.Length;
        var clusters = ImmutableArray.CreateBuilder<ClusterPlan>(spec.Clusters.Length);
        for (var i = 0; i < spec.Clusters.Length; i++)
        {
            var resources = clusterResources[i];
            var offset = first;
            clusters.Add(new ClusterPlan(spec.Clusters[i], [.. Enumerable.Range(0, resources.Count).OrderBy(j => step[offset + j]).Select(j => resources[j])]));
            first += resources.Count;
        }

        // One set of deferred keys: those in objects, and every gateway's dial address and port, which
        // plan, graph, the stack outputs and the traffic model show even where no object holds them.
        var dials = spec.Clusters.SelectMany(c => (c.IngressGateway is null ? [GatewayKind.EastWest] : new[] { GatewayKind.EastWest, GatewayKind.Ingress })
            .SelectMany(kind => DeferredIn(MapNode.Of(("endpoint", ListNode.Of(GlobalEndpoints.Gateway(c, kind).Address, GlobalEndpoints.Gateway(c, kind).Port))))));
        var inObjects = clusters.SelectMany(c => c.Objects).SelectMany(o => memo.DeferredIn(o.Object)).Distinct().ToList();
        var deferred = inObjects.Concat(dials).Distinct().OrderBy(d => d.Key, StringComparer.Ordinal).ToImmutableArray();

        return new MeshPlan(spec, trust, clusters.MoveToImmutable(), hosts, PlanGraph.SortEdges(ids, edges, pairs), [.. order.Select(i => ids[i])], deferred)
        {
            Depth = depth,
            DeferredInObjects = [.. deferred.Where(inObjects.Contains)],
        };
    }

    private static ImmutableArray<GlobalHostPlan> PlanGlobalHosts(MeshSpec spec, PlanOptions options)
    {
        var pinned = spec.Services.Where(s => s.PinnedAddress is not null).ToDictionary(s => spec.GlobalHost(s), s => s.PinnedAddress!.Value, StringComparer.Ordinal);
        var table = AddressAllocator.Allocate(spec.AddressPool, spec.Services.Select(spec.GlobalHost), pinned, options.PreviousAddresses);
        return spec.Services
            .Select(s => new GlobalHostPlan(
                spec.GlobalHost(s),
                table[spec.GlobalHost(s)],
                s,
                s.ServingClusters,
                // Who sends traffic through the global host: every cluster that does not run the service,
                // and every cluster a route for it applies to (its clients' requests go through the
                // global host's subsets, to other clusters too). Plan and graph both read this.
                spec.Clusters.Select(c => c.Name)
                    .Where(c => !s.RunsIn(c) || spec.Routes.Any(r => r.Service == s.Name && r.Namespace == s.Namespace && r.Clients.Contains(c)))
                    .ToImmutableArray()))
            .OrderBy(h => h.Host, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    private static List<PlannedResource> PlanCluster(
        MeshSpec spec,
        ClusterSpec cluster,
        List<SharedHostObjects> hosts,
        Dictionary<(string Name, string Namespace), ServiceSpec> services,
        MeshDnsBlock dnsBlock,
        ImmutableArray<PlannedCertificate> roots,
        DateOnly today,
        List<DependencyEdge> edges,
        PlanMemo memo,
        List<ConfigError> conflicts)
    {
        var name = cluster.Name;
        var resources = new List<PlannedResource>();
        ResourceId Id(string suffix) => new(name, suffix);
        PlannedObject Add(KubeObject obj) => AddOrPatch(obj, false);
        PlannedObject AddOrPatch(KubeObject obj, bool patch)
        {
            var planned = new PlannedObject(Id(memo.IdentityOf(obj)), obj) { IsPatch = patch || (obj.Kind == "Namespace" && BuiltInNamespaces.Contains(obj.Metadata.Name)) };
            resources.Add(planned);
            return planned;
        }

        // Each edge once, kept in first-added order. Every edge ends in this cluster (its After), so
        // repeats can only come from this cluster, and a set per cluster stays small where one over
        // the whole plan's edges was a large transient at scale.
        var seen = new HashSet<DependencyEdge>();
        void Edge(ResourceId before, ResourceId after, string reason)
        {
            var edge = new DependencyEdge(before, after, reason);
            if (seen.Add(edge))
            {
                edges.Add(edge);
            }
        }

        // Trust: this cluster's intermediate CA, signed by the mesh root (the rotation's phase says which),
        // after every root its cacerts trusts exists.
        var intermediate = TrustPlanner.Intermediate(spec.Trust, cluster, roots, today);
        resources.Add(intermediate);
        foreach (var root in roots)
        {
            Edge(root.Id, intermediate.Id, root.Id == intermediate.SignedBy ? "the root CA signs each cluster's intermediate" : "each cluster's cacerts trusts every root of the rotation's phase");
        }

        var istioSystem = Add(CoreObjects.Namespace(IstioLabels.IstioSystem, [KeyValuePair.Create(IstioLabels.Network, cluster.Network)]));
        var cacerts = Add(CoreObjects.Secret(
            ObjectMeta.Named("cacerts", IstioLabels.IstioSystem),
            CertificateProfile.CacertsKeys.Select(k => (k, (ManifestNode)new DeferredNode(new GeneratedCertificate(name, k))))));
        Edge(istioSystem.Id, cacerts.Id, "cacerts lives in istio-system");

        var istiodId = IstioInstall.Plan(spec, cluster, istioSystem.Id, cacerts.Id, resources, Edge, AddOrPatch);

        if (IstioObjects.EastWestGateway(spec.Services.Where(s => s.RunsIn(name)).Select(s => s.LocalHost)) is { } eastWestGateway)
        {
            Add(eastWestGateway);
        }

        Add(IstioObjects.MeshPeerAuthentication(spec.Mtls));

        // The read-only identity `meshinfra doctor` runs as (no access to Secrets).
        foreach (var access in DoctorAccess.Objects())
        {
            Add(access);
        }

        foreach (var host in hosts)
        {
            Add(host.ServiceEntryIn(name));
            Add(host.DestinationRuleIn(name));
            var localVersions = host.LocalVersionsIn(name);
            if (!localVersions.IsEmpty)
            {
                Add(IstioObjects.LocalDestinationRule(host.Host.Service, localVersions, cluster.GatewayNamespace(GatewayKind.EastWest)));
            }
        }

        foreach (var route in spec.Routes.Where(r => r.Clients.Contains(name)))
        {
            var service = services.GetValueOrDefault((route.Service, route.Namespace))
                ?? spec.Services.First(s => s.Name == route.Service && s.Namespace == route.Namespace);
            Add(IstioObjects.RouteVirtualService(route, service, spec.GlobalHost(service), name));
            Add(IstioObjects.RouteVirtualService(route, service, spec.GlobalHost(service), name, memo.ClientNamespaces));
        }

        PlanSamples(spec.Samples, cluster, spec.Istio.Revision, Add);

        // Federated objects last, so a copy that would replace an object MeshInfra plans itself is
        // caught (and named at its config key) instead of silently overwriting it.
        foreach (var federated in spec.Federated.Where(f => f.Placement.Selects(cluster)))
        {
            var copy = FederatedCopies.For(federated, name);
            var id = Id(memo.IdentityOf(copy));
            if (resources.Any(r => r.Id == id))
            {
                conflicts.Add(new ConfigError($"{federated.Key}.name", $"{copy.Kind} {copy.Metadata.Namespace}/{copy.Metadata.Name} is an object MeshInfra already manages in cluster '{name}'; choose another name"));
                continue;
            }

            Add(copy);
        }

        if (cluster.Dns != DnsMode.None)
        {
            resources.Add(new PlannedDnsChange(Id("dns/coredns"), cluster.Dns, dnsBlock));
        }

        AddStructuralEdges(resources, istiodId, Edge, memo);
        WorkloadEdges.Add(resources, Edge);
        IstioInstall.HandoverLast(resources, Edge);
        return resources;
    }

    private static void PlanSamples(SamplesSpec samples, ClusterSpec target, string? revision, Func<KubeObject, PlannedObject> add)
    {
        var cluster = target.Name;
        var namespaces = new SortedSet<string>(StringComparer.Ordinal);
        var objects = new List<KubeObject>();
        if (samples.Sleep is { } sleep && sleep.Cluster == cluster)
        {
            namespaces.Add(sleep.Namespace);
            objects.AddRange(SampleWorkloads.Sleep(sleep.Namespace));
        }

        if (samples.Httpbin is { } httpbin && httpbin.Cluster == cluster)
        {
            namespaces.Add(httpbin.Namespace);
            objects.AddRange(SampleWorkloads.Httpbin(httpbin.Namespace));
            if (target.IngressGateway is not null)
            {
                objects.AddRange(SampleWorkloads.HttpbinIngress(httpbin.Namespace));
            }
        }

        if (samples.Bookinfo is { } bookinfo)
        {
            var deployments = SampleWorkloads.BookinfoDeploymentsIn(bookinfo, cluster).ToList();
            if (deployments.Count > 0)
            {
                namespaces.Add(bookinfo.Namespace);
                foreach (var service in deployments.Select(d => d.Service).Distinct())
                {
                    objects.AddRange(SampleWorkloads.BookinfoService(service, bookinfo.Namespace));
                }

                objects.AddRange(deployments.Select(d => SampleWorkloads.BookinfoDeployment(d.Service, d.Version, bookinfo.Namespace)));
                if (bookinfo.Productpage == cluster)
                {
                    objects.AddRange(SampleWorkloads.BookinfoIngress(bookinfo.Namespace));
                }
            }
        }

        foreach (var ns in namespaces)
        {
            add(SampleWorkloads.InjectedNamespace(ns, revision));
        }

        foreach (var obj in objects)
        {
            add(obj);
        }
    }

    /// <summary>
    /// Edges every cluster needs whatever its content: objects after their namespace, Istio objects
    /// and injected namespaces after istiod (CRDs and the validating webhook), and values only
    /// another resource knows after that resource (cross-cluster for gateway addresses).
    /// </summary>
    private static void AddStructuralEdges(List<PlannedResource> resources, ResourceId istiod, Action<ResourceId, ResourceId, string> edge, PlanMemo memo)
    {
        var namespaces = resources.OfType<PlannedObject>().Where(o => o.Object.Kind == "Namespace")
            .ToDictionary(o => o.Object.Metadata.Name, o => o.Id, StringComparer.Ordinal);
        foreach (var planned in resources.OfType<PlannedObject>())
        {
            var obj = planned.Object;
            if (obj.Kind == "Namespace" && (obj.Metadata.Labels.ContainsKey(IstioLabels.Injection) || obj.Metadata.Labels.ContainsKey(IstioLabels.Revision)))
            {
                edge(istiod, planned.Id, "namespaces with injection are created after istiod so pods get sidecars");
            }

            if (obj.Metadata.Namespace is { } ns && namespaces.TryGetValue(ns, out var nsId) && nsId != planned.Id)
            {
                edge(nsId, planned.Id, memo.LivesIn(ns));
            }

            if (obj.IsIstioCustomResource)
            {
                edge(istiod, planned.Id, "Istio kinds need the CRDs and istiod's validation webhook");
            }

            foreach (var deferred in memo.DeferredIn(obj))
            {
                var (producer, reason) = memo.Need(deferred);
                edge(producer, planned.Id, reason);
                (string Cluster, GatewayKind Kind)? gateway = deferred switch
                {
                    GatewayAddress a => (a.Cluster, a.Gateway),
                    GatewayNodePort p => (p.Cluster, p.Gateway),
                    GatewayClusterIp c => (c.Cluster, GatewayKind.EastWest),
                    _ => null,
                };
                if (gateway is var (cluster, kind))
                {
                    // A Service has its address before its pods run. When a gateway moves (a new Service
                    // in its new namespace, a new address), clients are sent there only once the
                    // release's pods are ready; the old gateway serves until then and is removed last.
                    edge(new ResourceId(cluster, $"helm/{IstioLabels.GatewayName(kind)}"), planned.Id, $"{cluster}'s {IstioLabels.GatewayName(kind)} pods are ready before clients dial it");
                }
            }
        }
    }

    /// <summary>The resource whose creation makes a deferred value known.</summary>
    public static ResourceId Producer(MeshSpec spec, DeferredValue value) => value switch
    {
        GatewayAddress a => GatewayServiceId(spec.Cluster(a.Cluster), a.Gateway),
        GatewayNodePort p => GatewayServiceId(spec.Cluster(p.Cluster), p.Gateway),
        GatewayClusterIp c => GatewayServiceId(spec.Cluster(c.Cluster), GatewayKind.EastWest),
        GeneratedCertificate c => new ResourceId(c.Cluster, "ca/intermediate"),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown deferred value."),
    };

    /// <summary>The gateway Service whose status (load balancer address) or spec (NodePort) a deferred value reads.</summary>
    public static ResourceId GatewayServiceId(ClusterSpec cluster, GatewayKind kind) =>
        new(cluster.Name, $"Service/{cluster.GatewayNamespace(kind)}/{IstioLabels.GatewayName(kind)}");

    /// <summary>Every deferred value in the tree, in tree order, repeats included.</summary>
    public static IEnumerable<DeferredValue> DeferredIn(ManifestNode node)
    {
        // One list filled by a plain recursion: nested iterators allocated an enumerator per node and
        // per level for every value they passed up.
        var found = new List<DeferredValue>();
        CollectDeferred(node, found);
        return found;
    }

    private static void CollectDeferred(ManifestNode node, List<DeferredValue> found)
    {
        switch (node)
        {
            case DeferredNode d:
                found.Add(d.Value);
                break;
            case MapNode map:
                foreach (var entry in map.Entries)
                {
                    CollectDeferred(entry.Value, found);
                }

                break;
            case ListNode list:
                foreach (var item in list.Items)
                {
                    CollectDeferred(item, found);
                }

                break;
        }
    }
}
