using System.Collections.Immutable;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>A DestinationRule as the traffic model reads it.</summary>
public sealed record DestinationRuleView(string Host, string Namespace, MapNode? TrafficPolicy, ImmutableArray<SubsetView> Subsets, ObjectRef Source)
{
    public SubsetView? Subset(string name) => Subsets.FirstOrDefault(s => s.Name == name);
}
