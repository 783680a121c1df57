using MeshInfra.Model.Config;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Planning;

/// <summary>Where a global host's ServiceEntry sends its requests: the east-west gateways of the clusters that serve it.</summary>
public static class GlobalEndpoints
{
    /// <summary>
    /// Endpoints of a global host as seen from <paramref name="viewer"/>: the east-west gateway of
    /// every serving cluster, once per version it runs. The viewer's own gateway is dialled by its
    /// in-cluster Service name, so the owner's clients take the same path (and the same version
    /// subsets) as everyone else's, and fail over to other clusters when its pods are gone.
    /// </summary>
    public static IEnumerable<GlobalEndpoint> Of(MeshSpec spec, ServiceSpec service, string viewer)
    {
        foreach (var cluster in service.ServingClusters)
        {
            var versions = service.VersionsIn(cluster);
            var labelSets = versions.IsEmpty
                ? [new Dictionary<string, string> { [IstioLabels.ClusterLabel] = cluster }]
                : versions.Select(v => new Dictionary<string, string> { [IstioLabels.ClusterLabel] = cluster, [IstioLabels.VersionLabel] = v }).ToList();
            var serving = spec.Cluster(cluster);
            var (address, port) = cluster == viewer
                ? (serving.EastWestGatewayLocalHost, IstioLabels.EastWestPort)
                : Gateway(serving, GatewayKind.EastWest);
            var locality = GlobalLocality.OfEndpoint(serving, spec.Cluster(viewer));
            foreach (var labels in labelSets)
            {
                yield return new GlobalEndpoint(address, port, labels, locality);
            }
        }
    }

    /// <summary>How other clusters dial a cluster's gateway: literal where config says, deferred where only the cluster knows.</summary>
    public static (ManifestNode Address, ManifestNode Port) Gateway(ClusterSpec cluster, GatewayKind kind)
    {
        var gateway = cluster.Gateway(kind);
        var servicePort = IstioLabels.DialledPort(kind);
        return gateway.AddressMode switch
        {
            GatewayAddressMode.Static or GatewayAddressMode.ExternalDns => (gateway.StaticAddress!, servicePort),
            GatewayAddressMode.NodePort => (gateway.NodeAddress!, gateway.NodePort is { } fixedPort
                ? fixedPort
                : new DeferredNode(new GatewayNodePort(cluster.Name, kind, servicePort))),
            _ => (new DeferredNode(new GatewayAddress(cluster.Name, kind)), servicePort),
        };
    }
}
