using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MeshInfra.Model.Config;
using MeshInfra.Model.Doctor;
using MeshInfra.Model.Dns;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Robustness;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Doctor;

/// <summary>
/// A healthy live mesh in memory, built from a stack's plan the way the clusters would hold it after
/// `pulumi up`: the planned objects (deferred values filled in: each gateway has a load balancer
/// address), plus what the kubelet and controllers add — a Running pod per Deployment with the
/// injector's tlsMode label, the gateway pods, the istiod Deployment, a node per cluster carrying
/// the stack's locality, the coredns ConfigMap with MeshInfra's block, istio-ca-root-cert in every
/// namespace, and the API server's version. Faults are seeded by editing this state.
/// </summary>
internal sealed class LiveMesh
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private const string BaseCorefile = ".:53 {\n    errors\n    health\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n      pods insecure\n      fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n    cache 30\n}\n";

    /// <summary>The mesh's one root, shared by every cluster's istio-ca-root-cert (and cacerts where a test adds it).</summary>
    public static readonly TestCa Root = new("MeshInfra Test Root", Now.AddYears(-1), Now.AddYears(9));

    public LiveMesh(MeshPlan plan, Dictionary<string, List<MapNode>> objects)
    {
        Plan = plan;
        Objects = objects;
    }

    public MeshPlan Plan { get; }

    /// <summary>Each cluster's objects, editable by a test before <see cref="Examine"/>.</summary>
    public Dictionary<string, List<MapNode>> Objects { get; }

    public Dictionary<string, string?> Versions { get; } = new(StringComparer.Ordinal);

    /// <summary>Per cluster, the kinds the reader could not list (kind to why), as <see cref="Refuse"/> seeds them.</summary>
    public Dictionary<string, SortedDictionary<string, string>> Unread { get; } = new(StringComparer.Ordinal);

    /// <summary>What the reader's own findings would be (a 403 or a missing CRD), as <see cref="Refuse"/> seeds them.</summary>
    public Dictionary<string, List<DoctorFinding>> ReadFindings { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// What the live reader hands over when the identity may not list a kind in a cluster: none of
    /// its objects, the kind marked unread with why, and the one unreachable finding naming the
    /// verb and resource (the reader's own text is tested in MeshInfra.Live.Tests).
    /// </summary>
    public void Refuse(string cluster, string kind, string resource)
    {
        Objects[cluster].RemoveAll(d => Kind(d) == kind);
        var why = $"doctor may not list {resource} (403 Forbidden)";
        if (!Unread.TryGetValue(cluster, out var kinds))
        {
            Unread[cluster] = kinds = new SortedDictionary<string, string>(StringComparer.Ordinal);
        }

        kinds[kind] = why;
        if (!ReadFindings.TryGetValue(cluster, out var findings))
        {
            ReadFindings[cluster] = findings = [];
        }

        findings.Add(new DoctorFinding(cluster, FindingKind.Unreachable, $"RBAC {kind}", $"{why}, so doctor cannot check them", "Kubernetes RBAC", $"grant verbs get and list on {resource}"));
    }

    public static LiveMesh Dev() => For(Configs.Plan(RepoStackConfigs.Dev));

    public static string GatewayIp(string cluster) => cluster switch
    {
        "cluster1" => "192.0.2.1",
        "cluster2" => "192.0.2.2",
        "east" => "192.0.2.3",
        "west" => "192.0.2.4",
        _ => Fnv(cluster),
    };

    /// <summary>The ClusterIP the API server gave a cluster's east-west gateway Service.</summary>
    public static string ClusterIp(string cluster) => "10.96.0." + (cluster.Length + cluster[^1]).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A distinct, stable address per other cluster name (FNV-1a over the name).</summary>
    private static string Fnv(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return $"10.{(hash >> 16) & 255}.{(hash >> 8) & 255}.{hash & 255}";
    }

    public static LiveMesh For(MeshPlan plan)
    {
        var objects = new Dictionary<string, List<MapNode>>(StringComparer.Ordinal);
        foreach (var clusterPlan in plan.Clusters)
        {
            var cluster = clusterPlan.Cluster;
            var docs = new List<MapNode>();
            var namespaces = new SortedSet<string>(StringComparer.Ordinal) { "kube-system" };
            var injected = new HashSet<string>(StringComparer.Ordinal);
            foreach (var planned in clusterPlan.Objects.Select(o => o.Object))
            {
                if (planned.Kind == "Secret")
                {
                    continue; // cacerts: the doctor identity cannot read Secrets.
                }

                var doc = (MapNode)Resolve(planned.ToNode());
                if (planned.Kind == "Service" && planned.Metadata.Name is IstioLabels.EastWestGatewayName or IstioLabels.IngressGatewayName)
                {
                    doc = With(doc, "status", MapNode.Of(("loadBalancer", MapNode.Of(("ingress", ListNode.Of(MapNode.Of(("ip", GatewayIp(cluster.Name)))))))));
                    if (planned.Metadata.Name == IstioLabels.EastWestGatewayName)
                    {
                        // The API server assigns every Service a ClusterIP.
                        doc = Set(doc, ClusterIp(cluster.Name), "spec", "clusterIP");
                    }

                    // The API server assigns a NodePort to every port of a NodePort or LoadBalancer Service.
                    var ports = (doc.At("spec", "ports") as ListNode)?.Items.OfType<MapNode>().Select(p => (ManifestNode)With(p, "nodePort", 31443)) ?? [];
                    doc = Set(doc, ListNode.From(ports), "spec", "ports");
                }

                if (planned.Kind == "Namespace")
                {
                    namespaces.Add(planned.Metadata.Name);
                    if (planned.Metadata.Labels.ContainsKey(IstioLabels.Injection) || planned.Metadata.Labels.ContainsKey(IstioLabels.Revision))
                    {
                        injected.Add(planned.Metadata.Name);
                    }
                }

                docs.Add(doc);
            }

            var node = $"{cluster.Name}-worker";
            foreach (var deployment in clusterPlan.Objects.Select(o => o.Object).Where(o => o.Kind == "Deployment"))
            {
                var template = deployment.Body.At("spec", "template") as MapNode;
                var labels = ((template?.At("metadata", "labels") as MapNode)?.Entries ?? []).ToDictionary(e => e.Key, e => (string)((ScalarNode)e.Value).Value, StringComparer.Ordinal);
                var account = (template?.At("spec", "serviceAccountName") as ScalarNode)?.Value as string ?? "default";
                docs.Add(Pod(deployment.Metadata.Namespace!, deployment.Metadata.Name + "-5d9f7c-abcde", labels, account, node, injected.Contains(deployment.Metadata.Namespace!)));
            }

            // Exported services the plan does not deploy: their Service and pods, as the stack assumes them.
            foreach (var service in plan.Spec.Services.Where(sv => sv.RunsIn(cluster.Name)))
            {
                if (clusterPlan.Objects.Any(o => o.Object.Kind == "Deployment" && o.Object.Metadata.Namespace == service.Namespace
                    && (o.Object.Body.At("spec", "template", "metadata", "labels", "app") as ScalarNode)?.Value as string == service.Name))
                {
                    continue;
                }

                if (namespaces.Add(service.Namespace))
                {
                    docs.Add(new KubeObject("v1", "Namespace", ObjectMeta.Named(service.Namespace).WithLabel(IstioLabels.Injection, "enabled"), MapNode.Empty).ToNode());
                }

                docs.Add(new KubeObject("v1", "Service", ObjectMeta.Named(service.Name, service.Namespace), MapNode.Of(("spec", MapNode.Of(
                    ("selector", MapNode.OfStrings([KeyValuePair.Create("app", service.Name)])),
                    ("ports", ListNode.From(service.Ports.Select(p => (ManifestNode)MapNode.Of(("name", p.Name), ("port", p.Number))))))))).ToNode());
                var versions = service.VersionsIn(cluster.Name);
                foreach (var version in versions.IsEmpty ? [null] : versions.Select(v => (string?)v))
                {
                    var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = service.Name };
                    if (version is not null)
                    {
                        labels["version"] = version;
                    }

                    docs.Add(Pod(service.Namespace, $"{service.Name}-{version ?? "v"}-6b7c8-klmno", labels, service.ServiceAccount ?? "default", node, sidecar: true));
                }
            }

            foreach (var release in clusterPlan.Releases.Where(r => r.Chart == "gateway"))
            {
                var labels = ((release.Values["labels"] as MapNode)?.Entries ?? []).ToDictionary(e => e.Key, e => (string)((ScalarNode)e.Value).Value, StringComparer.Ordinal);
                docs.Add(Pod(release.Namespace, release.ReleaseName + "-7c8d9-fghij", labels, release.ReleaseName, node, sidecar: false));
            }

            foreach (var release in clusterPlan.Releases.Where(r => r.Chart == "istiod"))
            {
                docs.Add(Istiod(release.ReleaseName, release.Version));
            }

            docs.Add(Node(node, cluster.Locality));
            if (clusterPlan.Dns is { } dns)
            {
                var data = dns.Mode == DnsMode.CorednsCustom
                    ? CorefileEditor.RenderServerBlock(dns.Block)
                    : CorefileEditor.Apply(BaseCorefile, dns.Block);
                docs.Add(ConfigMap(PlannedDnsChange.ConfigMapNamespace, dns.ConfigMapName, (dns.DataKey, data)));
            }

            foreach (var ns in namespaces)
            {
                if (!docs.Any(d => Kind(d) == "Namespace" && Name(d) == ns))
                {
                    docs.Add(new KubeObject("v1", "Namespace", ObjectMeta.Named(ns), MapNode.Empty).ToNode());
                }

                docs.Add(ConfigMap(ns, "istio-ca-root-cert", ("root-cert.pem", Root.Pem)));
            }

            objects[cluster.Name] = docs;
        }

        return new LiveMesh(plan, objects);
    }

    public DoctorReport Examine(DoctorOptions? options = null) =>
        MeshDoctor.Examine(Plan, v => v.Placeholder, Live(), options ?? new DoctorOptions(Now));

    public ImmutableArray<LiveCluster> Live() =>
    [
        .. Plan.Clusters.Select(c => new LiveCluster(
            c.Cluster.Name,
            c.Cluster.Context,
            Versions.TryGetValue(c.Cluster.Name, out var v) ? v : "v1.32.13",
            [.. Objects[c.Cluster.Name]],
            [.. ReadFindings.GetValueOrDefault(c.Cluster.Name) ?? []],
            Unread.TryGetValue(c.Cluster.Name, out var unread) ? unread.ToImmutableSortedDictionary(StringComparer.Ordinal) : null)),
    ];

    /// <summary>Replaces the one object of a kind and name in a cluster (what a user's kubectl edit does).</summary>
    public void Edit(string cluster, string kind, string? ns, string name, Func<MapNode, MapNode> change)
    {
        var list = Objects[cluster];
        var index = list.FindIndex(d => Kind(d) == kind && Name(d) == name && (ns is null || Namespace(d) == ns));
        Assert.True(index >= 0, $"no {kind} {ns}/{name} in {cluster}");
        list[index] = change(list[index]);
    }

    public void Remove(string cluster, string kind, string? ns, string name) =>
        Assert.Equal(1, Objects[cluster].RemoveAll(d => Kind(d) == kind && Name(d) == name && (ns is null || Namespace(d) == ns)));

    public void Add(string cluster, MapNode doc) => Objects[cluster].Add(doc);

    public static string? Kind(MapNode d) => (d["kind"] as ScalarNode)?.Value as string;

    public static string? Name(MapNode d) => (d.At("metadata", "name") as ScalarNode)?.Value as string;

    public static string? Namespace(MapNode d) => (d.At("metadata", "namespace") as ScalarNode)?.Value as string;

    /// <summary>A copy of a map with the value at a path set (maps created on the way, keys added at the end).</summary>
    public static MapNode Set(MapNode map, ManifestNode? value, params string[] path)
    {
        var key = path[0];
        var next = path.Length == 1 ? value : Set(map[key] as MapNode ?? MapNode.Empty, value, path[1..]);
        if (next is null)
        {
            return new MapNode([.. map.Entries.Where(e => e.Key != key)]);
        }

        return With(map, key, next);
    }

    public static MapNode With(MapNode map, string key, ManifestNode value) =>
        map[key] is null
            ? new MapNode(map.Entries.Add(new MapEntry(key, value)))
            : new MapNode([.. map.Entries.Select(e => e.Key == key ? new MapEntry(key, value) : e)]);

    public static MapNode Pod(string ns, string name, IReadOnlyDictionary<string, string> labels, string serviceAccount, string node, bool sidecar)
    {
        var meta = ObjectMeta.Named(name, ns);
        foreach (var (key, value) in labels)
        {
            meta = meta.WithLabel(key, value);
        }

        if (sidecar)
        {
            meta = meta.WithLabel(IstioLabels.TlsModeLabel, "istio").WithAnnotation("sidecar.istio.io/status", "{\"containers\":[\"istio-proxy\"]}");
        }

        return new KubeObject("v1", "Pod", meta, MapNode.Of(
            ("spec", MapNode.Of(("serviceAccountName", serviceAccount), ("nodeName", node))),
            ("status", MapNode.Of(("phase", "Running"))))).ToNode();
    }

    public static MapNode Node(string name, string? locality)
    {
        var meta = ObjectMeta.Named(name);
        if (locality is not null)
        {
            var parts = locality.Split('/');
            meta = meta.WithLabel(ClusterSpec.RegionLabel, parts[0]);
            if (parts.Length > 1)
            {
                meta = meta.WithLabel(ClusterSpec.ZoneLabel, parts[1]);
            }
        }

        return new KubeObject("v1", "Node", meta, MapNode.Empty).ToNode();
    }

    public static MapNode Istiod(string name, string version) =>
        new KubeObject("apps/v1", "Deployment", ObjectMeta.Named(name, IstioLabels.IstioSystem).WithLabel("app", "istiod"), MapNode.Of(("spec", MapNode.Of(
            ("template", MapNode.Of(("spec", MapNode.Of(("containers", ListNode.Of(MapNode.Of(("name", "discovery"), ("image", $"docker.io/istio/pilot:{version}")))))))))))).ToNode();

    public static MapNode ConfigMap(string ns, string name, params (string Key, string Value)[] data) =>
        new KubeObject("v1", "ConfigMap", ObjectMeta.Named(name, ns), MapNode.Of(("data", MapNode.OfStrings(data.Select(d => KeyValuePair.Create(d.Key, d.Value)))))).ToNode();

    /// <summary>A self-signed CA certificate (PEM) valid between the two times.</summary>
    public static string RootPem(DateTimeOffset notBefore, DateTimeOffset notAfter, string name = "MeshInfra Test Root")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=mesh1", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var cert = request.CreateSelfSigned(notBefore, notAfter);
        return cert.ExportCertificatePem() + "\n";
    }

    private static ManifestNode Resolve(ManifestNode node) => node switch
    {
        MapNode map => new MapNode([.. map.Entries.Select(e => new MapEntry(e.Key, Resolve(e.Value)))]),
        ListNode list => new ListNode([.. list.Items.Select(Resolve)]),
        DeferredNode { Value: GatewayAddress a } => GatewayIp(a.Cluster),
        DeferredNode { Value: GatewayNodePort } => 31443,
        DeferredNode { Value: GatewayClusterIp c } => ClusterIp(c.Cluster),
        DeferredNode d => throw new InvalidOperationException($"unexpected deferred value {d.Value.Key} outside cacerts"),
        _ => node,
    };
}
