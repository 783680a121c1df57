using System.Collections.Immutable;
using MeshInfra.Model.Config;

namespace MeshInfra.Model.Federation;

/// <summary>Which clusters get a copy: all of them, the named ones, or those whose labels all match.</summary>
public sealed record FederationPlacement(bool All, ImmutableArray<string> Clusters, ImmutableSortedDictionary<string, string> Labels)
{
    public bool Selects(ClusterSpec cluster) =>
        All
        || Clusters.Contains(cluster.Name)
        || (!Labels.IsEmpty && Labels.All(l => cluster.Labels.TryGetValue(l.Key, out var value) && value == l.Value));

    public override string ToString() =>
        All ? "all clusters"
        : !Clusters.IsEmpty ? "clusters " + string.Join(", ", Clusters)
        : "clusters labelled " + string.Join(", ", Labels.Select(l => $"{l.Key}={l.Value}"));
}
