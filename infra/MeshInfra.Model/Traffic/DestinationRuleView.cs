using System.Collections.Immutable;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>A DestinationRule as the traffic model reads it.</summary>
public sealed record DestinationRuleView(string Host, string Namespace, MapNode? TrafficPolicy, ImmutableArray<SubsetView> Subsets, ObjectRef Source)
{
    /// <summary>The rule's exportTo; empty means every namespace.</summary>
    public ImmutableArray<string> ExportTo { get; init; } = [];

    /// <summary>Where istiod lists it among DestinationRules: creation time, name, namespace (the first one's traffic policy wins a merge).</summary>
    public CreationOrder Order { get; init; }

    /// <summary>Only its own namespace sees it (<c>exportTo: ["."]</c> or its own name).</summary>
    public bool IsPrivate => !ExportTo.IsEmpty && ExportTo.All(e => e == "." || e == Namespace);

    public bool ExportedTo(string ns) =>
        ExportTo.IsEmpty || ExportTo.Any(e => e == "*" || e == ns || (e == "." && ns == Namespace));

    public SubsetView? Subset(string name) => Subsets.FirstOrDefault(s => s.Name == name);
}
