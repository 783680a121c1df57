using System.Collections.Immutable;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>A DestinationRule as the traffic model reads it (or several of one namespace, as istiod merged them).</summary>
public sealed record DestinationRuleView(string Host, string Namespace, MapNode? TrafficPolicy, ImmutableArray<SubsetView> Subsets, ObjectRef Source)
{
    /// <summary>The rule's exportTo; empty means meshConfig's default (every namespace unless set otherwise).</summary>
    public ImmutableArray<string> ExportTo { get; init; } = [];

    /// <summary>
    /// The labels of the rule's <c>workloadSelector</c>; null when it has none. An empty selector is still a
    /// selector (istiod tests <c>GetWorkloadSelector() != nil</c>): it applies to every proxy of its namespace.
    /// </summary>
    public ImmutableSortedDictionary<string, string>? WorkloadSelector { get; init; }

    /// <summary>Where istiod lists it among DestinationRules: creation time, name, namespace (the first one's traffic policy wins a merge).</summary>
    public CreationOrder Order { get; init; }

    /// <summary>The later rules istiod merged into this one (their subsets of new names), in merge order; empty when none.</summary>
    public ImmutableArray<ObjectRef> MergedFrom { get; init; } = [];

    public SubsetView? Subset(string name) => Subsets.FirstOrDefault(s => s.Name == name);

    /// <summary>This rule, <paramref name="later"/> merged in as istiod does: subsets of new names appended, its traffic policy only if this one has none.</summary>
    internal DestinationRuleView Absorb(DestinationRuleView later)
    {
        var names = Subsets.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        return this with
        {
            Subsets = [.. Subsets, .. later.Subsets.Where(s => !names.Contains(s.Name))],
            TrafficPolicy = TrafficPolicy ?? later.TrafficPolicy,
            MergedFrom = MergedFrom.Add(later.Source),
        };
    }
}
