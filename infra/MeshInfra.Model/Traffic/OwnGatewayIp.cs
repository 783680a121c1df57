using System.Collections.Immutable;
using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// Under static resolution, the ClusterIP by which a cluster's own sidecars dial its east-west gateway
/// (<see cref="GatewayClusterIp"/>: a --set value, the live Service's, or the placeholder), and the
/// gateway Service's in-cluster name it stands for. Only that cluster dials it: another cluster's pods
/// reaching the same IP would reach a Service of their own.
/// </summary>
public sealed record OwnGatewayIp(string Cluster, string Address, string ServiceHost)
{
    /// <summary>Every cluster's, for a stack with static resolution; none otherwise.</summary>
    public static ImmutableArray<OwnGatewayIp> For(MeshSpec spec, Func<DeferredValue, string> resolve) =>
        spec.EndpointResolution != EndpointResolution.Static ? []
        : [.. spec.Clusters.Select(c => new OwnGatewayIp(c.Name, resolve(new GatewayClusterIp(c.Name)), c.EastWestGatewayLocalHost))];
}
