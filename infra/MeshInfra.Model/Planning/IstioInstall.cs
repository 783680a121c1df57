using MeshInfra.Model.Config;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Planning;

/// <summary>
/// One cluster's Istio releases (base, istiod, gateways; during a canary upgrade the old istiod
/// too) with their order, and the order between clusters while an upgrade runs.
/// </summary>
internal static class IstioInstall
{
    public const string BaseRelease = "istio-base";

    /// <summary>Adds the cluster's releases and gateway Services; returns the istiod that serves the stack's revision.</summary>
    public static ResourceId Plan(
        MeshSpec spec,
        ClusterSpec cluster,
        ResourceId istioSystem,
        ResourceId cacerts,
        List<PlannedResource> resources,
        Action<ResourceId, ResourceId, string> edge,
        Func<KubeObject, bool, PlannedObject> add)
    {
        var istio = spec.Istio;
        var namespaces = new Dictionary<string, ResourceId>(StringComparer.Ordinal) { [IstioLabels.IstioSystem] = istioSystem };
        PlannedRelease Release(string release, string chart, string version, MapNode values, string ns = IstioLabels.IstioSystem)
        {
            if (!namespaces.TryGetValue(ns, out var nsId))
            {
                // A gateway's own namespace: no label, as Istio's Helm guide creates istio-ingress (the
                // gateway chart's pods ask for injection themselves with sidecar.istio.io/inject).
                nsId = namespaces[ns] = add(CoreObjects.Namespace(ns, []), false).Id;
            }

            var planned = new PlannedRelease(new ResourceId(cluster.Name, $"helm/{release}"), release, chart, version, istio.ChartRepository, ns, values);
            resources.Add(planned);
            edge(nsId, planned.Id, $"Helm installs into {ns}");
            return planned;
        }

        ResourceId Istiod(string? revision, string version)
        {
            var istiod = Release(IstioSpec.IstiodRelease(revision), "istiod", version, IstioHelmValues.Istiod(spec, cluster, revision, version));
            edge(BaseId(cluster.Name), istiod.Id, "istiod needs the CRDs from the base chart");
            edge(cacerts, istiod.Id, "istiod must start with the shared CA, not a self-signed one");
            return istiod.Id;
        }

        // The base chart renders the CRDs as templates (base.enableCRDTemplates: true in its values.yaml), so
        // `helm uninstall` deletes them, and Kubernetes deletes every object of a deleted CRD: retain it.
        var baseRelease = Release(BaseRelease, "base", istio.Version, IstioHelmValues.Base(istio));
        resources[resources.IndexOf(baseRelease)] = baseRelease with { RetainOnDelete = !istio.PurgeCrdsOnDelete };
        var istiod = Istiod(istio.Revision, istio.Version);
        var defaultIstiod = istiod;
        if (istio.KeepsPreviousControlPlane)
        {
            // A canary upgrade: the old control plane keeps serving the namespaces not yet
            // relabelled, at its own version, until the handover run removes it.
            defaultIstiod = Istiod(istio.UpgradeFrom!.Revision, istio.UpgradeFrom.Version);
        }

        DefaultTag(istio, baseRelease.Id, defaultIstiod, edge, add);

        // Each gateway in its own namespace, never beside cacerts (see IstioLabels.IngressNamespace).
        var eastWest = Release(IstioLabels.EastWestGatewayName, "gateway", istio.Version, IstioHelmValues.EastWestGateway(cluster, istio.Revision), cluster.GatewayNamespace(GatewayKind.EastWest));
        edge(istiod, eastWest.Id, "gateway pods are injected by istiod");
        add(IstioObjects.GatewayService(cluster, GatewayKind.EastWest), false);
        if (cluster.IngressGateway is not null)
        {
            var ingress = Release(IstioLabels.IngressGatewayName, "gateway", istio.Version, IstioHelmValues.IngressGateway(cluster, istio.Revision), cluster.GatewayNamespace(GatewayKind.Ingress));
            edge(istiod, ingress.Id, "gateway pods are injected by istiod");
            add(IstioObjects.GatewayService(cluster, GatewayKind.Ingress), false);
        }

        return istiod;
    }

    /// <summary>
    /// The <c>default</c> revision tag, wherever base's default revision is a revision: the default
    /// labels (istio-injection=enabled, sidecar.istio.io/inject=true, istio.io/rev=default) then have
    /// exactly one injector at every step, the revision-less istiod's own webhooks or the tag's. In
    /// the handover from a revision-less control plane its injector is deactivated first, so the tag
    /// and the old webhooks never both match; its release is then uninstalled (Pulumi deletes last).
    /// </summary>
    private static void DefaultTag(IstioSpec istio, ResourceId baseRelease, ResourceId defaultIstiod, Action<ResourceId, ResourceId, string> edge, Func<KubeObject, bool, PlannedObject> add)
    {
        if (istio.DefaultRevision is not { } revision)
        {
            return;
        }

        var tag = add(RevisionTagWebhook.For(revision), false);
        edge(defaultIstiod, tag.Id, "the default revision tag points at this istiod's Service");
        edge(baseRelease, tag.Id, "the default revision tag moves with base's defaultRevision, one cluster at a time");
        if (istio.HandsOver && istio.UpgradeFrom!.Revision is null)
        {
            var deactivation = add(InjectorDeactivation.Patch(), true);
            edge(baseRelease, deactivation.Id, "the old injector is deactivated in the cluster's turn of the handover");
            edge(deactivation.Id, tag.Id, "the old injector matches nothing before the tag takes the default labels (istioctl tag set default does the same)");
        }
    }

    /// <summary>
    /// In the handover from a revision-less control plane, the old injector's deactivation comes
    /// after every other resource of the cluster and the tag right after it: from the deactivation
    /// to the tag nothing serves the default labels (Istio's own order has the same gap), so nothing
    /// else may wait in between, neither in apply.sh's sequence nor in Pulumi's.
    /// </summary>
    public static void HandoverLast(List<PlannedResource> resources, Action<ResourceId, ResourceId, string> edge)
    {
        var deactivation = resources.OfType<PlannedObject>().FirstOrDefault(o => o.IsPatch && o.Object.Kind == RevisionTagWebhook.Kind);
        if (deactivation is null)
        {
            return;
        }

        foreach (var other in resources.Where(r => r.Id != deactivation.Id && !(r is PlannedObject o && o.Object.Metadata.Name == RevisionTagWebhook.Name)))
        {
            edge(other.Id, deactivation.Id, "the handover deactivates the old injector last, right before the default tag takes over");
        }
    }

    /// <summary>
    /// While <c>istio.upgradeFrom</c> is set, each cluster's base waits for the previous cluster's
    /// gateways, so one cluster at a time runs a half-upgraded Istio and a failure stops the rollout
    /// before the next cluster. Outside an upgrade there are no such edges: clusters install in
    /// parallel and the plan's depth does not grow with the number of clusters.
    /// </summary>
    public static IEnumerable<DependencyEdge> RolloutEdges(MeshSpec spec)
    {
        if (spec.Istio.UpgradeFrom is null)
        {
            yield break;
        }

        for (var i = 1; i < spec.Clusters.Length; i++)
        {
            var previous = spec.Clusters[i - 1];
            var next = BaseId(spec.Clusters[i].Name);
            foreach (var gateway in GatewayReleases(previous))
            {
                yield return new DependencyEdge(gateway, next, $"istio.upgradeFrom: one cluster at a time, {previous.Name} is upgraded before {spec.Clusters[i].Name}");
            }
        }
    }

    public static ResourceId BaseId(string cluster) => new(cluster, $"helm/{BaseRelease}");

    private static IEnumerable<ResourceId> GatewayReleases(ClusterSpec cluster)
    {
        yield return new ResourceId(cluster.Name, $"helm/{IstioLabels.EastWestGatewayName}");
        if (cluster.IngressGateway is not null)
        {
            yield return new ResourceId(cluster.Name, $"helm/{IstioLabels.IngressGatewayName}");
        }
    }
}
