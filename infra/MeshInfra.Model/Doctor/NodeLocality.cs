using MeshInfra.Model.Config;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// Locality as Istio reads it: a pod's is its node's topology.kubernetes.io/region and zone labels
/// (pilot/pkg/serviceregistry/kube/controller/controller.go, getPodLocality, Istio 1.30.3 and 1.31.0-rc.0).
/// </summary>
internal static class NodeLocality
{
    /// <summary>A node's locality (<c>region/zone</c>, <c>region</c>), or null when it carries no region.</summary>
    public static string? OfNode(MapNode node, DocReader read)
    {
        var labels = LiveObjects.Labels(node, read);
        var region = labels.GetValueOrDefault(ClusterSpec.RegionLabel);
        var zone = labels.GetValueOrDefault(ClusterSpec.ZoneLabel);
        return region is null ? null : zone is null ? region : $"{region}/{zone}";
    }

    /// <summary>
    /// The cluster's client locality for the traffic model, which has one per cluster: the locality of
    /// most nodes that run pods (ties in name order); all nodes when no pod names its node.
    /// </summary>
    public static string? Of(LiveObjects live, DocReader read)
    {
        var nodes = live.OfKind("Node");
        if (nodes.Count == 0)
        {
            return null;
        }

        var used = live.OfKind("Pod").Select(p => read.Str(p.At("spec", "nodeName"))).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var counted = nodes.Where(n => used.Count == 0 || used.Contains(read.Str(n.At("metadata", "name")) ?? ""))
            .Select(n => OfNode(n, read) ?? "")
            .GroupBy(l => l, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .FirstOrDefault()?.Key;
        return string.IsNullOrEmpty(counted) ? null : counted;
    }

    /// <summary>The region part of a locality (empty for none), the part Istio compares first.</summary>
    public static string Region(string? locality) => (locality ?? "").Split('/')[0];
}
