using System.Globalization;

namespace MeshInfra.Model.Config;

/// <summary>
/// An east-west gateway reached through a NodePort the stack does not pin: Kubernetes picks the port,
/// and every other cluster's ServiceEntry dials the port it picked. When the Service is pinned
/// (gateway.nodePort) MeshInfra writes that port into the Service and the endpoints alike, so a Service
/// recreated by hand or by a replace keeps it; unpinned, a recreated Service gets another port, and the
/// other clusters dial the old one until the next deploy updates them. Not an error: a first deploy
/// works, and the port it got can be pinned afterwards.
/// </summary>
public static class NodePortWarnings
{
    public static IReadOnlyList<ConfigError> For(MeshSpec spec)
    {
        var warnings = new List<ConfigError>();
        for (var i = 0; i < spec.Clusters.Length; i++)
        {
            var cluster = spec.Clusters[i];
            if (cluster.Gateway(Planning.GatewayKind.EastWest) is { AddressMode: GatewayAddressMode.NodePort, NodePort: null })
            {
                warnings.Add(new ConfigError(
                    $"mesh.clusters[{i.ToString(CultureInfo.InvariantCulture)}].gateway.nodePort",
                    $"not set: Kubernetes picks the east-west gateway's NodePort in {cluster.Name} and the other clusters dial it, so a recreated Service gets another port and they lose {cluster.Name} until the next deploy; pin it ({NodePortRange.Min}-{NodePortRange.Max}), e.g. the port the Service has now"));
            }
        }

        return warnings;
    }
}
