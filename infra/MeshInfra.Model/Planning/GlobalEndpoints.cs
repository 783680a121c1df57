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
    /// in-cluster Service name (its ClusterIP under static resolution, which takes IPs only), so the
    /// owner's clients take the same path (and the same version subsets) as everyone else's, and fail
    /// over to other clusters when its pods are gone. Under static resolution each endpoint also carries
    /// its cluster's region (<see cref="IstioLabels.RegionLabel"/>), which failoverPriority compares.
    /// </summary>
    public static IEnumerable<GlobalEndpoint> Of(MeshSpec spec, ServiceSpec service, string viewer)
    {
        foreach (var cluster in service.ServingClusters)
        {
            var versions = service.VersionsIn(cluster);
            var serving = spec.Cluster(cluster);
            var isStatic = spec.EndpointResolution == EndpointResolution.Static;
            var region = isStatic ? GlobalLocality.Region(serving) : null;
            var labelSets = versions.IsEmpty
                ? [Labels(cluster, null, region)]
                : versions.Select(v => Labels(cluster, v, region)).ToList();
            var (address, port) = cluster != viewer ? Gateway(serving, GatewayKind.EastWest)
                : isStatic ? (new DeferredNode(new GatewayClusterIp(cluster)), (ManifestNode)IstioLabels.EastWestPort)
                : (serving.EastWestGatewayLocalHost, IstioLabels.EastWestPort);
            var locality = GlobalLocality.OfEndpoint(serving, spec.Cluster(viewer));
            foreach (var labels in labelSets)
            {
                yield return new GlobalEndpoint(address, port, labels, locality);
            }
        }
    }

    private static Dictionary<string, string> Labels(string cluster, string? version, string? region)
    {
        var labels = new Dictionary<string, string> { [IstioLabels.ClusterLabel] = cluster };
        if (version is not null)
        {
            labels[IstioLabels.VersionLabel] = version;
        }

        if (region is not null)
        {
            labels[IstioLabels.RegionLabel] = region;
        }

        return labels;
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
