using System.Globalization;
using System.Text.RegularExpressions;
using MeshInfra.Model.Config;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// The facts the traffic proof assumes about what MeshInfra does not deploy: the nodes' locality,
/// the owner pods (sidecar, version labels), injection on their namespaces, and the Kubernetes and
/// Istio versions each cluster runs.
/// </summary>
internal static partial class PreconditionCheck
{
    public const string Check = "precondition";

    public static void Run(DoctorRun run, DocReader read)
    {
        var spec = run.Plan.Spec;
        foreach (var cluster in spec.Clusters)
        {
            if (run.Reachable(cluster.Name) is not { } live)
            {
                continue;
            }

            // Each part only where what it looks at was read: an unread kind is unknown, not absent. Under
            // static resolution failoverPriority compares the endpoints' labels with values the rule writes
            // in, so no node label ranks the own cluster (Traffic.FailoverPriorityLabels).
            if (spec.EndpointResolution == EndpointResolution.Dns && !run.SkipUnread(live, Check, "the nodes' locality", "Node"))
            {
                Locality(run, cluster, live, read);
            }

            if (!run.SkipUnread(live, Check, "injection labels on namespaces", "Namespace"))
            {
                // Both injection labels on a namespace: the upgrade's check, which says which injector wins.
                foreach (var finding in InjectionLabelCheck.For(live.Cluster))
                {
                    run.Find(finding.Cluster, finding.Kind, finding.Object, finding.Message, finding.Rule, finding.Fix);
                }

                Namespaces(run, spec, cluster, live, read);
            }

            if (!run.SkipUnread(live, Check, "the owner pods (sidecar, version labels)", "Pod"))
            {
                OwnerPods(run, spec, cluster, live, read);
            }

            KubernetesVersion(run, cluster, live);
            if (!run.SkipUnread(live, Check, "istiod's version", "Deployment"))
            {
                IstioVersion(run, spec, cluster, live, read);
            }
        }
    }

    private static void Locality(DoctorRun run, ClusterSpec cluster, LiveObjects live, DocReader read)
    {
        var assumed = NodeLocality.Region(cluster.Locality);
        foreach (var node in live.OfKind("Node"))
        {
            run.Count(Check);
            var locality = NodeLocality.OfNode(node, read);
            if (NodeLocality.Region(locality) == assumed)
            {
                continue;
            }

            var name = read.Str(node.At("metadata", "name")) ?? "";
            var described = LiveObjects.Describe("Node", null, name);
            var has = locality is null ? "carries no topology.kubernetes.io/region label" : $"is in {locality}";
            var wants = cluster.Locality is null ? "no region (the stack gives the cluster no region/zone labels)" : $"region {assumed}";
            run.Find(
                cluster.Name,
                FindingKind.Precondition,
                described,
                $"{described} {has}, but MeshInfra's endpoint for {cluster.Name}'s own gateway assumes {wants}: its pods' requests rank their own cluster no higher than remote ones and can leave the cluster",
                DoctorRules.Locality,
                locality is null
                    ? $"remove the region/zone labels of mesh.clusters[{cluster.Name}].labels, or label the node with topology.kubernetes.io/region={assumed}"
                    : $"set mesh.clusters[{cluster.Name}].labels region: {NodeLocality.Region(locality)} (and zone) to the nodes' locality, then `pulumi up`");
        }
    }

    private static void Namespaces(DoctorRun run, MeshSpec spec, ClusterSpec cluster, LiveObjects live, DocReader read)
    {
        var owners = spec.Services.Where(s => s.RunsIn(cluster.Name)).Select(s => s.Namespace).ToHashSet(StringComparer.Ordinal);
        foreach (var ns in live.OfKind("Namespace"))
        {
            var name = read.Str(ns.At("metadata", "name")) ?? "";
            var labels = LiveObjects.Labels(ns, read);
            var described = LiveObjects.Describe("Namespace", null, name);
            run.Count(Check);
            if (owners.Contains(name) && !Injected(labels, spec.Istio.Revision))
            {
                run.Find(cluster.Name, FindingKind.Precondition, described, $"{described} runs exported services but has no injection label ({IstioLabels.Injection}=enabled or {IstioLabels.Revision}={spec.Istio.Revision ?? "default"}): new pods start without a sidecar", DoctorRules.Injection, $"label it: `kubectl --context {ShellWords.Quote(live.Cluster.Context)} label namespace {name} " + (spec.Istio.Revision is null ? $"{IstioLabels.Injection}=enabled" : $"{IstioLabels.Revision}={spec.Istio.Revision}") + "`, then restart its pods");
            }
        }
    }

    private static bool Injected(IReadOnlyDictionary<string, string> labels, string? revision) =>
        labels.GetValueOrDefault(IstioLabels.Injection) == "enabled"
        || (!labels.ContainsKey(IstioLabels.Injection) && labels.GetValueOrDefault(IstioLabels.Revision) is { } rev && rev == (revision ?? "default"));

    private static void OwnerPods(DoctorRun run, MeshSpec spec, ClusterSpec cluster, LiveObjects live, DocReader read)
    {
        var pods = live.OfKind("Pod")
            .Where(p => read.Str(p.At("status", "phase")) is not ("Succeeded" or "Failed"))
            .GroupBy(p => (Ns: read.Str(p.At("metadata", "namespace")) ?? "", App: read.Str(p.At("metadata", "labels", "app")) ?? ""))
            .ToDictionary(g => g.Key, g => g.ToList());
        foreach (var service in spec.Services.Where(s => s.RunsIn(cluster.Name)))
        {
            run.Count(Check);
            var serviceRef = LiveObjects.Describe("Service", service.Namespace, service.Name);
            var own = pods.GetValueOrDefault((service.Namespace, service.Name)) ?? [];
            if (own.Count == 0)
            {
                run.Find(cluster.Name, FindingKind.Precondition, serviceRef, $"no running pod labelled app={service.Name} in namespace {service.Namespace}, though the stack places {service.Name} in {cluster.Name}", DoctorRules.Subset, $"deploy {service.Name} to {cluster.Name}, or remove {cluster.Name} from the service's clusters in the stack");
                continue;
            }

            foreach (var pod in own)
            {
                var labels = LiveObjects.Labels(pod, read);
                var described = LiveObjects.Describe("Pod", service.Namespace, read.Str(pod.At("metadata", "name")) ?? "");
                if (labels.GetValueOrDefault(IstioLabels.TlsModeLabel) != "istio")
                {
                    run.Find(cluster.Name, FindingKind.Precondition, described, $"{described} of {service.Name} has no injected sidecar (no {IstioLabels.TlsModeLabel}: istio label): the east-west gateway drops it from {service.Name}'s endpoints", DoctorRules.Sidecarless, $"enable injection on namespace {service.Namespace} and restart the pod (`kubectl --context {ShellWords.Quote(live.Cluster.Context)} -n {service.Namespace} delete pod {read.Str(pod.At("metadata", "name"))}`)");
                }

                if (service.IsVersioned && !labels.ContainsKey(IstioLabels.VersionLabel))
                {
                    run.Find(cluster.Name, FindingKind.Precondition, described, $"{described} of {service.Name} has no {IstioLabels.VersionLabel} label, so no version subset selects it", DoctorRules.Subset, $"label the pod template of {service.Name} with {IstioLabels.VersionLabel}=<one of {string.Join(", ", service.VersionsIn(cluster.Name))}>");
                }
            }

            foreach (var version in service.VersionsIn(cluster.Name))
            {
                if (!own.Any(p => read.Str(p.At("metadata", "labels", IstioLabels.VersionLabel)) == version))
                {
                    run.Find(cluster.Name, FindingKind.Precondition, serviceRef, $"no running pod of {service.Name} labelled {IstioLabels.VersionLabel}={version}, though the stack places {version} in {cluster.Name}: subset {version} has no endpoint there", DoctorRules.Subset, $"deploy {service.Name} {version} to {cluster.Name} with the label {IstioLabels.VersionLabel}={version}, or change the stack's versions");
                }
            }
        }
    }

    private static void KubernetesVersion(DoctorRun run, ClusterSpec cluster, LiveObjects live)
    {
        run.Count(Check);
        var version = live.Cluster.ServerVersion ?? "";
        var match = ServerVersion().Match(version);
        var minor = match.Success ? int.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture) : -1;
        if (match.Success && match.Groups["major"].Value == "1" && minor >= IstioVersions.MinKubernetesMinor && minor <= IstioVersions.MaxKubernetesMinor)
        {
            return;
        }

        run.Find(cluster.Name, FindingKind.Precondition, "Version kube-apiserver", $"the API server runs Kubernetes {version}; the stack's Istio supports {IstioVersions.KubernetesRange}", DoctorRules.KubernetesVersion, $"upgrade (or choose) a cluster with Kubernetes {IstioVersions.KubernetesRange}");
    }

    private static void IstioVersion(DoctorRun run, MeshSpec spec, ClusterSpec cluster, LiveObjects live, DocReader read)
    {
        var expected = new Dictionary<string, string>(StringComparer.Ordinal) { [IstioSpec.IstiodRelease(spec.Istio.Revision)] = spec.Istio.Version };
        if (spec.Istio.KeepsPreviousControlPlane)
        {
            expected[IstioSpec.IstiodRelease(spec.Istio.UpgradeFrom!.Revision)] = spec.Istio.UpgradeFrom.Version;
        }

        foreach (var (name, version) in expected)
        {
            run.Count(Check);
            var described = LiveObjects.Describe("Deployment", IstioLabels.IstioSystem, name);
            if (live.Get("Deployment", IstioLabels.IstioSystem, name) is not { } deployment)
            {
                run.Find(cluster.Name, FindingKind.Precondition, described, $"{described} is missing: no control plane of revision {spec.Istio.Revision ?? "default"} runs in {cluster.Name}", DoctorRules.IstioVersion, "run `pulumi up` to install istiod");
                continue;
            }

            var images = DocReader.Items(deployment.At("spec", "template", "spec", "containers")).OfType<MapNode>().Select(c => read.Str(c["image"])).OfType<string>().ToList();
            var tags = images.Select(ImageTag).OfType<string>().ToList();
            if (tags.Count == 0 || tags.Any(t => t == version || t.StartsWith(version + "-", StringComparison.Ordinal)))
            {
                continue;
            }

            run.Find(cluster.Name, FindingKind.Precondition, described, $"{described} runs {string.Join(", ", images)}; the stack installs Istio {version}", DoctorRules.IstioVersion, $"run `pulumi up` to install Istio {version} (istio.version in the stack) in {cluster.Name}");
        }
    }

    /// <summary>The tag of an image reference (after the last ':' past the last '/'), or null for a digest-only reference.</summary>
    private static string? ImageTag(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? image[..at] : image;
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        return colon > slash ? name[(colon + 1)..] : null;
    }

    [GeneratedRegex(@"^v?(?<major>[0-9]+)\.(?<minor>[0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ServerVersion();
}
