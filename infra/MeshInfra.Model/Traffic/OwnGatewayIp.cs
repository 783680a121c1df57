using System.Collections.Immutable;
using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The ClusterIP by which a cluster's own sidecars dial its east-west gateway (<see cref="GatewayClusterIp"/>: a
/// --set value, the live Service's, or the placeholder), and the gateway Service's in-cluster name it stands for.
/// Only that cluster dials it: another cluster's pods reaching the same IP would reach a Service of their own.
/// MeshInfra's own ServiceEntries hold it only under static resolution, but kube-proxy sends a connection to a
/// ClusterIP to the Service's pods whatever the stack's resolution, so a user's endpoint holding it is the gateway too.
/// </summary>
public sealed record OwnGatewayIp(string Cluster, string Address, string ServiceHost)
{
    /// <summary>Every cluster's.</summary>
    public static ImmutableArray<OwnGatewayIp> For(MeshSpec spec, Func<DeferredValue, string> resolve) =>
        [.. spec.Clusters.Select(c => new OwnGatewayIp(c.Name, resolve(new GatewayClusterIp(c.Name)), c.EastWestGatewayLocalHost))];
}
