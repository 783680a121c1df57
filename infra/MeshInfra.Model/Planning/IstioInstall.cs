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
        Func<KubeObject, PlannedObject> add)
    {
        var istio = spec.Istio;
        PlannedRelease Release(string release, string chart, string version, MapNode values)
        {
            var planned = new PlannedRelease(new ResourceId(cluster.Name, $"helm/{release}"), release, chart, version, istio.ChartRepository, IstioLabels.IstioSystem, values);
            resources.Add(planned);
            edge(istioSystem, planned.Id, "Helm installs into istio-system");
            return planned;
        }

        ResourceId Istiod(string? revision, string version)
        {
            var istiod = Release(IstioSpec.IstiodRelease(revision), "istiod", version, IstioHelmValues.Istiod(spec, cluster, revision));
            edge(BaseId(cluster.Name), istiod.Id, "istiod needs the CRDs from the base chart");
            edge(cacerts, istiod.Id, "istiod must start with the shared CA, not a self-signed one");
            return istiod.Id;
        }

        // The base chart renders the CRDs as templates (base.enableCRDTemplates: true in its values.yaml), so
        // `helm uninstall` deletes them, and Kubernetes deletes every object of a deleted CRD: retain it.
        var baseRelease = Release(BaseRelease, "base", istio.Version, IstioHelmValues.Base(istio));
        resources[resources.IndexOf(baseRelease)] = baseRelease with { RetainOnDelete = !istio.PurgeCrdsOnDelete };
        var istiod = Istiod(istio.Revision, istio.Version);
        if (istio.KeepsPreviousControlPlane)
        {
            // A canary upgrade: the old control plane keeps serving the namespaces not yet
            // relabelled, at its own version, until a later run drops istio.upgradeFrom.
            Istiod(istio.UpgradeFrom!.Revision, istio.UpgradeFrom.Version);
        }

        var eastWest = Release(IstioLabels.EastWestGatewayName, "gateway", istio.Version, IstioHelmValues.EastWestGateway(cluster, istio.Revision));
        edge(istiod, eastWest.Id, "gateway pods are injected by istiod");
        add(IstioObjects.GatewayService(cluster, GatewayKind.EastWest));
        if (cluster.IngressGateway is not null)
        {
            var ingress = Release(IstioLabels.IngressGatewayName, "gateway", istio.Version, IstioHelmValues.IngressGateway(cluster, istio.Revision));
            edge(istiod, ingress.Id, "gateway pods are injected by istiod");
            add(IstioObjects.GatewayService(cluster, GatewayKind.Ingress));
        }

        return istiod;
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
