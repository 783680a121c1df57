using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Cases the Stryker.NET run over Traffic/IstioRules.cs (issue 17, docs/quality.md) showed no test had:
/// a subset's policy merged over the rule's field by field, a port-level entry replacing it whole,
/// consecutiveGatewayErrors, the SNI of a SIMPLE rule, and a locality with empty parts.
/// </summary>
public sealed class IstioRulesMutantTests
{
    private static readonly DocReader Read = new(TrafficFixture.Placeholder);

    private static readonly MapNode OutlierA = MapNode.Of(("consecutive5xxErrors", 7));
    private static readonly MapNode OutlierB = MapNode.Of(("consecutive5xxErrors", 9));
    private static readonly MapNode LoadBalancerL = MapNode.Of(("simple", "ROUND_ROBIN"));
    private static readonly MapNode LoadBalancerM = MapNode.Of(("simple", "LEAST_REQUEST"));
    private static readonly MapNode TlsT = MapNode.Of(("mode", "ISTIO_MUTUAL"));

    private static DestinationRuleView Rule(MapNode policy) =>
        new("echo.demo.global", "istio-system", policy, [], new ObjectRef("c1", "DestinationRule", "istio-system", "echo.demo.global"));

    private static SubsetView Subset(MapNode policy) => new("v1", ImmutableSortedDictionary<string, string>.Empty, policy);

    /// <summary>
    /// mergeTrafficPolicy (pilot/pkg/networking/util/util.go at 1.30.3, pilot/pkg/model/destination_rule.go
    /// at 1.31): a subset's policy without a port-level entry for the port overrides only the fields it sets.
    /// </summary>
    [Fact]
    public void ASubsetPolicyOverridesOnlyTheFieldsItSets()
    {
        var rule = Rule(MapNode.Of(("outlierDetection", OutlierA), ("loadBalancer", LoadBalancerL)));

        Assert.Equal(new EffectivePolicy(TlsT, OutlierA, LoadBalancerL), IstioRules.Policy(rule, Subset(MapNode.Of(("tls", TlsT))), 80));
        Assert.Equal(new EffectivePolicy(null, OutlierB, LoadBalancerM), IstioRules.Policy(rule, Subset(MapNode.Of(("outlierDetection", OutlierB), ("loadBalancer", LoadBalancerM))), 80));
    }

    /// <summary>A subset's port-level entry for the port replaces every field, the unset ones included (mergeTrafficPolicy's portLevel case).</summary>
    [Fact]
    public void ASubsetPortLevelEntryReplacesEveryField()
    {
        var rule = Rule(MapNode.Of(("outlierDetection", OutlierA), ("loadBalancer", LoadBalancerL)));
        var subset = Subset(MapNode.Of(("portLevelSettings", ListNode.Of(MapNode.Of(("port", MapNode.Of(("number", 80))), ("tls", TlsT))))));

        Assert.Equal(new EffectivePolicy(TlsT, null, null), IstioRules.Policy(rule, subset, 80));
        Assert.Equal(new EffectivePolicy(null, OutlierA, LoadBalancerL), IstioRules.Policy(rule, subset, 8080));
    }

    /// <summary>A subset's policy where the rule has none is the policy (MergeSubsetTrafficPolicy returns the subset's).</summary>
    [Fact]
    public void ASubsetPolicyUnderARuleWithoutOneIsThePolicy()
    {
        var rule = new DestinationRuleView("echo.demo.global", "istio-system", null, [], new ObjectRef("c1", "DestinationRule", "istio-system", "echo.demo.global"));

        Assert.Equal(new EffectivePolicy(TlsT, OutlierB, null), IstioRules.Policy(rule, Subset(MapNode.Of(("tls", TlsT), ("outlierDetection", OutlierB))), 80));
    }

    /// <summary>A tls block without a mode is the enum's zero value, DISABLE (networking/v1alpha3 ClientTLSSettings.TLSmode).</summary>
    [Fact]
    public void ATlsBlockWithoutAModeIsDisable()
    {
        var tls = IstioRules.ClusterTls(new EffectivePolicy(MapNode.Of(("sni", "api.example.com")), null), 443, null, "echo.demo.global", Read);

        Assert.Equal("DISABLE", tls.Mode);
    }

    /// <summary>
    /// applyOutlierDetection copies consecutiveGatewayErrors (cluster_traffic_policy.go, 1.30.3 and 1.31.0-rc.0); without the
    /// split a failed connection is a 503, a gateway error, so 3 of them eject before the 5xx count's 5.
    /// </summary>
    [Fact]
    public void GatewayErrorsEjectAfterTheirOwnCount()
    {
        Assert.Equal(new OutlierEjection(3, 5, 3), IstioRules.Ejection(MapNode.Of(("consecutiveGatewayErrors", 3)), Read));
        Assert.Equal(new OutlierEjection(5, 5, 0), IstioRules.Ejection(MapNode.Of(("interval", "10s")), Read));
    }

    /// <summary>buildUpstreamTLSSettings sends a SIMPLE rule's tls.sni as it is (cluster_tls.go, 1.30.3).</summary>
    [Fact]
    public void ASimpleRuleSendsItsOwnSni()
    {
        var tls = IstioRules.ClusterTls(new EffectivePolicy(MapNode.Of(("mode", "SIMPLE"), ("sni", "api.example.com")), null), 443, null, "echo.demo.global", Read);

        Assert.Equal(("SIMPLE", "api.example.com"), (tls.Mode, tls.Sni));
    }

    /// <summary>Istio compares a locality's region, zone and subzone; an empty part equals a missing one ("r1//" is "r1").</summary>
    [Theory]
    [InlineData("r1//", "r1", 0)]
    [InlineData("r1", "r1//", 0)]
    [InlineData("r1/z1/", "r1/z1", 0)]
    public void AnEmptyLocalityPartEqualsAMissingOne(string client, string endpoint, int priority)
    {
        Assert.Equal(priority, IstioRules.LocalityPriority(client, endpoint));
    }
}
