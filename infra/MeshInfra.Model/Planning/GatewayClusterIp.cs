namespace MeshInfra.Model.Planning;

/// <summary>
/// The ClusterIP the API server gave a cluster's east-west gateway Service: how that cluster's own
/// sidecars dial their own gateway under <c>mesh.endpointResolution: static</c>, where every endpoint of
/// a global host must be an IP (see Config.StaticEndpointRules). Known once the Service exists, and
/// fixed for its life (Kubernetes refuses a change to <c>spec.clusterIP</c>). It is dialled only from
/// inside that cluster.
/// </summary>
public sealed record GatewayClusterIp(string Cluster) : DeferredValue
{
    public override string Key => Cluster + ".gatewayClusterIp";
}
