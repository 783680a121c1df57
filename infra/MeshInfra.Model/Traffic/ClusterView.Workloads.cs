using System.Collections.Immutable;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>The cluster's workloads as the objects declare them: Deployments, live Pods, and clients the user names.</summary>
public sealed partial class ClusterView
{
    /// <summary>
    /// A client the user names that no object declares: a pod of that name in namespace <paramref name="ns"/>,
    /// with a sidecar when the namespace is injected, and with one too when the objects do not hold the
    /// namespace at all (then the injection itself is the assumption). A namespace the objects hold
    /// without the injection label gives a pod without a sidecar, which sends plaintext.
    /// </summary>
    public Workload AssumedClient(string ns, string name)
    {
        var injected = !namespaces.TryGetValue(ns, out var labels) || Injector.InjectsNamespace(ns, labels);
        return new Workload(Name, ns, name, ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal).Add("app", name), injected, "default", true, new ObjectRef(Name, "Deployment", ns, name));
    }

    private Workload FromDeployment(MapNode doc, Dictionary<string, ImmutableSortedDictionary<string, string>> namespaces, DocReader read)
    {
        var meta = doc["metadata"] as MapNode;
        var name = read.Str(meta?["name"]) ?? "";
        var ns = read.Str(meta?["namespace"]) ?? "default";
        var template = doc.At("spec", "template") as MapNode;
        var labels = read.StringMap(template?.At("metadata", "labels"));
        var annotations = read.StringMap(template?.At("metadata", "annotations"));

        // The pod template's labels and annotations are the pod's: the injector's webhooks select by them and the
        // namespace's labels (a namespace the objects do not declare is taken to carry none).
        var nsLabels = namespaces.GetValueOrDefault(ns) ?? ImmutableSortedDictionary<string, string>.Empty;
        var injected = Injector.Injects(ns, nsLabels, labels, annotations);
        var serviceAccount = read.Str(template?.At("spec", "serviceAccountName")) ?? "default";
        var assumed = read.Str(meta?.At("annotations", MeshTraffic.AssumedAnnotation)) == "true";
        return new Workload(Name, ns, name, labels, injected, serviceAccount, assumed, new ObjectRef(Name, "Deployment", ns, name))
        {
            ContainerPorts = ContainerPortsOf(template?["spec"], read),
        };
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
        return new Workload(Name, ns, name, labels, sidecar, serviceAccount, assumed, new ObjectRef(Name, "Pod", ns, name))
        {
            ContainerPorts = ContainerPortsOf(doc["spec"], read),
        };
    }

    /// <summary>
    /// The named ports a pod spec's containers and sidecar containers (init containers with <c>restartPolicy:
    /// Always</c>) declare, protocol TCP unless written (kubernetes pkg/apis/core/v1/defaults.go,
    /// SetDefaults_ContainerPort): what a Service's named targetPort resolves against (pkg/api/v1/pod/util.go, FindPort).
    /// </summary>
    private static ImmutableArray<ContainerPort> ContainerPortsOf(ManifestNode? podSpec, DocReader read) =>
        [.. DocReader.Items((podSpec as MapNode)?["containers"]).OfType<MapNode>()
            .Concat(DocReader.Items((podSpec as MapNode)?["initContainers"]).OfType<MapNode>().Where(c => read.Str(c["restartPolicy"]) == "Always"))
            .SelectMany(c => DocReader.Items(c["ports"]).OfType<MapNode>())
            .Where(p => read.Str(p["name"]) is { Length: > 0 })
            .Select(p => new ContainerPort(read.Str(p["name"])!, read.Int(p["containerPort"]) ?? 0, read.Str(p["protocol"]) ?? "TCP"))];
}
