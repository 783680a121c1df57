using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Two DestinationRules of one host merged as istiod merges them (pilot/pkg/model/destination_rule.go,
/// mergeDestinationRule, 1.30.3 and 1.31.0-rc.0): the first rule's subsets and traffic policy, the later one's
/// subsets of new names, and the later one's traffic policy only when the first has none.
/// </summary>
public sealed class DestinationRuleViewMutantTests
{
    private static DestinationRuleView Rule(string name, MapNode? policy, params string[] subsets) =>
        new("cart.shop.svc.cluster.local", "shop", policy, [.. subsets.Select(s => new SubsetView(s, ImmutableSortedDictionary<string, string>.Empty.Add("version", s), null))], new ObjectRef("c1", "DestinationRule", "shop", name));

    [Fact]
    public void TheLaterRulesTrafficPolicyAppliesWhenTheFirstHasNone()
    {
        var tls = MapNode.Of(("tls", MapNode.Of(("mode", "ISTIO_MUTUAL"))));
        var merged = Rule("subsets", null, "v1").Absorb(Rule("tls", tls, "v2"));
        Assert.Same(tls, merged.TrafficPolicy);
        Assert.Equal("v1 v2", string.Join(" ", merged.Subsets.Select(s => s.Name)));
    }

    [Fact]
    public void ASubsetNoRuleDefinesIsNoneRatherThanAnError()
    {
        var rule = Rule("subsets", null, "v1");
        Assert.Null(rule.Subset("v3"));
        Assert.Equal("v1", rule.Subset("v1")?.Name);
    }
}
