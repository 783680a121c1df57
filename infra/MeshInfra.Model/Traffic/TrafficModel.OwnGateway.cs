using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>A cluster's own east-west gateway dialled by its ClusterIP (MeshInfra's endpoint under static resolution, or a user's).</summary>
public sealed partial class TrafficModel
{
    /// <summary>Where each cluster's own sidecars dial its east-west gateway by IP (<see cref="OwnGatewayIp"/>).</summary>
    public ImmutableArray<OwnGatewayIp> OwnGatewayIps { get; init; } = [];

    /// <summary>
    /// The address a connection from <paramref name="from"/> goes to: the gateway Service's name where
    /// <paramref name="address"/> is that cluster's own gateway ClusterIP (kube-proxy sends it to the
    /// Service's pods as it would the name), else the address itself.
    /// </summary>
    private string OwnGatewayService(TraceRun run, ClusterView from, string address, int depth)
    {
        if (OwnGatewayIps.FirstOrDefault(g => g.Cluster == from.Name && g.Address == address) is not { } own)
        {
            return address;
        }

        if (run.Explain)
        {
            run.Hop(depth, "network", $"{address} is the ClusterIP of {own.ServiceHost}");
        }

        return own.ServiceHost;
    }
}
