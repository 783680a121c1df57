using System.Collections.Immutable;
using MeshInfra.Model.Addressing;
using MeshInfra.Model.Config;
using MeshInfra.Model.Dns;
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
        var edges = new List<DependencyEdge>();

        var root = new PlannedCertificate(new ResourceId(ResourceId.MeshScope, "ca/root"), CertificateProfile.Root(spec.Trust), null, 0);
        var clusterResources = spec.Clusters.Select(c => PlanCluster(spec, c, hosts, root.Id, edges)).ToList();
        var trust = ImmutableArray.Create(root);

        var all = trust.Cast<PlannedResource>().Concat(clusterResources.SelectMany(r => r)).ToList();
        var (order, depth) = ApplyOrder(spec, all, edges);
        var rank = order.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);

        var clusters = spec.Clusters.Select((c, i) => new ClusterPlan(c, clusterResources[i].OrderBy(r => rank[r.Id]).ToImmutableArray())).ToImmutableArray();
        var deferred = clusters.SelectMany(c => c.Objects).SelectMany(o => DeferredIn(o.Object.ToNode()))
            .Distinct().OrderBy(d => d.Key, StringComparer.Ordinal).ToImmutableArray();

        return new MeshPlan(spec, trust, clusters, hosts, [.. edges.Distinct().OrderBy(e => e.After).ThenBy(e => e.Before)], order, deferred) { Depth = depth };
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
                spec.Clusters.Select(c => c.Name).Where(c => !s.RunsIn(c)).ToImmutableArray()))
            .OrderBy(h => h.Host, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    private static List<PlannedResource> PlanCluster(MeshSpec spec, ClusterSpec cluster, ImmutableArray<GlobalHostPlan> hosts, ResourceId rootId, List<DependencyEdge> edges)
    {
        var name = cluster.Name;
        var resources = new List<PlannedResource>();
        ResourceId Id(string suffix) => new(name, suffix);
        PlannedObject Add(KubeObject obj)
        {
            var planned = new PlannedObject(Id(obj.Identity), obj) { IsPatch = obj.Kind == "Namespace" && BuiltInNamespaces.Contains(obj.Metadata.Name) };
            resources.Add(planned);
            return planned;
        }

        void Edge(ResourceId before, ResourceId after, string reason) => edges.Add(new DependencyEdge(before, after, reason));

        // Trust: this cluster's intermediate CA, signed by the mesh root.
        var intermediate = new PlannedCertificate(Id("ca/intermediate"), CertificateProfile.Intermediate(spec.Trust, cluster), rootId, cluster.IntermediateGeneration);
        resources.Add(intermediate);
        Edge(rootId, intermediate.Id, "the root CA signs each cluster's intermediate");

        var istioSystem = Add(CoreObjects.Namespace(IstioLabels.IstioSystem, [KeyValuePair.Create(IstioLabels.Network, cluster.Network)]));
        var cacerts = Add(CoreObjects.Secret(
            ObjectMeta.Named("cacerts", IstioLabels.IstioSystem),
            CertificateProfile.CacertsKeys.Select(k => (k, (ManifestNode)new DeferredNode(new GeneratedCertificate(name, k))))));
        Edge(istioSystem.Id, cacerts.Id, "cacerts lives in istio-system");

        var version = spec.Istio.Version;
        var repo = spec.Istio.ChartRepository;
        PlannedRelease Release(string release, string chart, MapNode values)
        {
            var planned = new PlannedRelease(Id($"helm/{release}"), release, chart, version, repo, IstioLabels.IstioSystem, values);
            resources.Add(planned);
            Edge(istioSystem.Id, planned.Id, "Helm installs into istio-system");
            return planned;
        }

        var istioBase = Release("istio-base", "base", IstioHelmValues.Base());
        var istiod = Release("istiod", "istiod", IstioHelmValues.Istiod(spec, cluster));
        Edge(istioBase.Id, istiod.Id, "istiod needs the CRDs from the base chart");
        Edge(cacerts.Id, istiod.Id, "istiod must start with the shared CA, not a self-signed one");
        var eastWest = Release(IstioLabels.EastWestGatewayName, "gateway", IstioHelmValues.EastWestGateway(cluster));
        Edge(istiod.Id, eastWest.Id, "gateway pods are injected by istiod");
        Add(IstioObjects.GatewayService(cluster, eastWest: true));
        if (cluster.IngressGateway is not null)
        {
            var ingress = Release(IstioLabels.IngressGatewayName, "gateway", IstioHelmValues.IngressGateway(cluster));
            Edge(istiod.Id, ingress.Id, "gateway pods are injected by istiod");
            Add(IstioObjects.GatewayService(cluster, eastWest: false));
        }

        Add(IstioObjects.EastWestGateway(spec.GlobalDomain));
        Add(IstioObjects.MeshPeerAuthentication(spec.Mtls));

        foreach (var host in hosts)
        {
            Add(IstioObjects.ServiceEntry(host.Host, host.Address.ToString(), host.Service, Endpoints(spec, host.Service, name)));
            Add(IstioObjects.GlobalDestinationRule(host.Host, host.Service));
            var localVersions = host.Service.VersionsIn(name);
            if (!localVersions.IsEmpty)
            {
                Add(IstioObjects.LocalDestinationRule(host.Service, localVersions));
            }
        }

        foreach (var route in spec.Routes.Where(r => r.Clients.Contains(name)))
        {
            var service = spec.Services.First(s => s.Name == route.Service && s.Namespace == route.Namespace);
            Add(IstioObjects.RouteVirtualService(route, service, spec.GlobalHost(service), name));
        }

        PlanSamples(spec.Samples, name, Add, ns => Id($"Namespace/{ns}"));

        if (cluster.Dns != DnsMode.None)
        {
            var block = new MeshDnsBlock(spec.GlobalDomain, hosts.Select(h => new HostsEntry(h.Address.ToString(), h.Host)).ToImmutableArray());
            resources.Add(new PlannedDnsChange(Id("dns/coredns"), cluster.Dns, block));
        }

        AddStructuralEdges(resources, istiod.Id, Edge);
        return resources;
    }

    /// <summary>Endpoints of a global host as seen from <paramref name="viewer"/>: local Service here, gateways elsewhere.</summary>
    private static IEnumerable<GlobalEndpoint> Endpoints(MeshSpec spec, ServiceSpec service, string viewer)
    {
        foreach (var cluster in service.ServingClusters)
        {
            var versions = service.VersionsIn(cluster);
            var labelSets = versions.IsEmpty
                ? [new Dictionary<string, string> { [IstioLabels.ClusterLabel] = cluster }]
                : versions.Select(v => new Dictionary<string, string> { [IstioLabels.ClusterLabel] = cluster, [IstioLabels.VersionLabel] = v }).ToList();
            foreach (var labels in labelSets)
            {
                if (cluster == viewer)
                {
                    yield return new GlobalEndpoint(service.LocalHost, null, labels);
                }
                else
                {
                    var (address, port) = GatewayEndpoint(spec.Cluster(cluster), GatewayKind.EastWest);
                    yield return new GlobalEndpoint(address, port, labels);
                }
            }
        }
    }

    /// <summary>How other clusters dial a cluster's gateway: literal where config says, deferred where only the cluster knows.</summary>
    public static (ManifestNode Address, ManifestNode Port) GatewayEndpoint(ClusterSpec cluster, GatewayKind kind)
    {
        var gateway = kind == GatewayKind.EastWest ? cluster.EastWestGateway : cluster.IngressGateway!;
        var servicePort = kind == GatewayKind.EastWest ? IstioLabels.EastWestPort : 80;
        return gateway.AddressMode switch
        {
            GatewayAddressMode.Static => (gateway.StaticAddress!, servicePort),
            GatewayAddressMode.NodePort => (gateway.NodeAddress!, gateway.NodePort is { } fixedPort
                ? fixedPort
                : new DeferredNode(new GatewayNodePort(cluster.Name, kind, servicePort))),
            _ => (new DeferredNode(new GatewayAddress(cluster.Name, kind)), servicePort),
        };
    }

    private static void PlanSamples(SamplesSpec samples, string cluster, Func<KubeObject, PlannedObject> add, Func<string, ResourceId> namespaceId)
    {
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
            add(SampleWorkloads.InjectedNamespace(ns));
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
    private static void AddStructuralEdges(List<PlannedResource> resources, ResourceId istiod, Action<ResourceId, ResourceId, string> edge)
    {
        var namespaces = resources.OfType<PlannedObject>().Where(o => o.Object.Kind == "Namespace")
            .ToDictionary(o => o.Object.Metadata.Name, o => o.Id, StringComparer.Ordinal);
        foreach (var planned in resources.OfType<PlannedObject>())
        {
            var obj = planned.Object;
            if (obj.Kind == "Namespace" && obj.Metadata.Labels.ContainsKey(IstioLabels.Injection))
            {
                edge(istiod, planned.Id, "namespaces with injection are created after istiod so pods get sidecars");
            }

            if (obj.Metadata.Namespace is { } ns && namespaces.TryGetValue(ns, out var nsId) && nsId != planned.Id)
            {
                edge(nsId, planned.Id, $"lives in namespace {ns}");
            }

            if (obj.IsIstioCustomResource)
            {
                edge(istiod, planned.Id, "Istio kinds need the CRDs and istiod's validation webhook");
            }

            foreach (var deferred in DeferredIn(obj.ToNode()).Distinct())
            {
                edge(Producer(deferred), planned.Id, $"needs {deferred.Key}");
            }
        }
    }

    /// <summary>The resource whose creation makes a deferred value known.</summary>
    public static ResourceId Producer(DeferredValue value) => value switch
    {
        GatewayAddress a => GatewayServiceId(a.Cluster, a.Gateway),
        GatewayNodePort p => GatewayServiceId(p.Cluster, p.Gateway),
        GeneratedCertificate c => new ResourceId(c.Cluster, "ca/intermediate"),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown deferred value."),
    };

    /// <summary>The gateway Service whose status (load balancer address) or spec (NodePort) a deferred value reads.</summary>
    public static ResourceId GatewayServiceId(string cluster, GatewayKind kind) =>
        new(cluster, $"Service/{IstioLabels.IstioSystem}/{(kind == GatewayKind.EastWest ? IstioLabels.EastWestGatewayName : IstioLabels.IngressGatewayName)}");

    public static IEnumerable<DeferredValue> DeferredIn(ManifestNode node)
    {
        switch (node)
        {
            case DeferredNode d:
                yield return d.Value;
                break;
            case MapNode map:
                foreach (var value in map.Entries.SelectMany(e => DeferredIn(e.Value)))
                {
                    yield return value;
                }

                break;
            case ListNode list:
                foreach (var value in list.Items.SelectMany(DeferredIn))
                {
                    yield return value;
                }

                break;
        }
    }

    /// <summary>
    /// Kahn's algorithm by layers: a resource's layer is one more than its deepest dependency, so
    /// the number of layers is the graph's depth. Within a layer, resources go by cluster order,
    /// then by id, so the order is deterministic and reads cluster by cluster.
    /// </summary>
    private static (ImmutableArray<ResourceId> Order, int Depth) ApplyOrder(MeshSpec spec, List<PlannedResource> resources, List<DependencyEdge> edges)
    {
        var clusterIndex = spec.Clusters.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var ids = resources.Select(r => r.Id).ToList();
        var known = ids.ToHashSet();
        var indegree = ids.ToDictionary(id => id, _ => 0);
        var next = ids.ToDictionary(id => id, _ => new List<ResourceId>());
        foreach (var edge in edges.Distinct())
        {
            if (!known.Contains(edge.Before) || !known.Contains(edge.After))
            {
                throw new InvalidOperationException($"Dependency edge {edge.Before} -> {edge.After} names a resource the plan does not have.");
            }

            next[edge.Before].Add(edge.After);
            indegree[edge.After]++;
        }

        var order = new List<ResourceId>(ids.Count);
        var layer = ids.Where(id => indegree[id] == 0).ToList();
        var depth = 0;
        while (layer.Count > 0)
        {
            depth++;
            layer.Sort((a, b) =>
            {
                var ca = clusterIndex.GetValueOrDefault(a.Scope, -1);
                var cb = clusterIndex.GetValueOrDefault(b.Scope, -1);
                return ca != cb ? ca.CompareTo(cb) : string.CompareOrdinal(a.Name, b.Name);
            });
            order.AddRange(layer);
            var following = new List<ResourceId>();
            foreach (var id in layer)
            {
                foreach (var after in next[id])
                {
                    if (--indegree[after] == 0)
                    {
                        following.Add(after);
                    }
                }
            }

            layer = following;
        }

        if (order.Count != ids.Count)
        {
            throw new InvalidOperationException("The plan's dependency graph has a cycle: " + string.Join(", ", ids.Where(id => indegree[id] > 0).Take(5)));
        }

        return ([.. order], depth);
    }
}
