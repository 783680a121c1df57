using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// A DestinationRule's <c>loadBalancer.localityLbSetting</c> as it changes which endpoint a request goes to (issue 17,
/// Traffic/LocalityLbSetting.cs). A user's STATIC ServiceEntry for httpbin in cluster1 (<see cref="FailoverScenario"/>)
/// with two endpoints: cluster2's east-west gateway, which serves httpbin, and 203.0.113.9, which serves nothing
/// here, so the share the gateway gets is the share that reaches httpbin. Istio 1.30.3 and 1.31.0-rc.0:
/// pilot/pkg/networking/core/loadbalancer/loadbalancer.go (GetLocalityLbSetting at 1.30.3, GetEffectiveLbSetting at
/// 1.31.0-rc.0: <c>enabled: false</c> turns it off; applyLocalityFailover: the first failover rule whose
/// <c>from</c> is the client's region puts every endpoint outside its <c>to</c> region at priority 4);
/// pkg/config/validation/agent/validation.go, ValidateLocalityLbSetting (a failover rule needs only
/// <c>from</c> and <c>to</c> to differ, neither holding '/' or '*': either may be left out).
/// </summary>
public sealed class LocalityLbMutantTests
{
    private static readonly MapNode GatewayErrors = MapNode.Of(("consecutiveGatewayErrors", 5));

    /// <summary>
    /// The client in eu-west/eu-west-1a; 203.0.113.9 in the client's own zone (priority 0), the gateway without a
    /// locality (another region: 3). On, locality load balancing sends everything to 203.0.113.9; with
    /// <c>enabled: false</c> both are priority 0 and the gateway takes half.
    /// </summary>
    [Fact]
    public void EnabledFalseSpreadsOverEveryLocality()
    {
        var (address, port) = FailoverScenario.Cluster2Gateway();
        MapNode[] endpoints = [FailoverScenario.Endpoint(address, port, null), FailoverScenario.Endpoint("203.0.113.9", "8000", "eu-west/eu-west-1a")];
        MapNode Setting(ManifestNode? enabled) => MapNode.Of(("localityLbSetting", MapNode.Of(("enabled", enabled))));

        Assert.Equal("cluster2 v1 50%", FailoverScenario.Trace("STATIC", endpoints, GatewayErrors, Setting(false)).SharesText);
        Assert.Equal("cluster2 v1 50%", FailoverScenario.Trace("STATIC", endpoints, GatewayErrors, Setting("false")).SharesText);
        Assert.DoesNotContain("cluster2", FailoverScenario.Trace("STATIC", endpoints, GatewayErrors, Setting(true)).SharesText, StringComparison.Ordinal);
        Assert.DoesNotContain("cluster2", FailoverScenario.Trace("STATIC", endpoints, GatewayErrors, Setting(null)).SharesText, StringComparison.Ordinal);
    }

    /// <summary>
    /// The client in eu-west; the gateway without a locality (region ""), 203.0.113.9 in us-east: both region 3.
    /// A rule from eu-west without <c>to</c> fails over to the region "": the gateway stays at 3, us-east goes to 4,
    /// and the gateway takes every request (as with <c>to: ""</c> written out).
    /// </summary>
    [Fact]
    public void AFailoverRuleWithoutToFailsOverToTheEmptyRegion()
    {
        var (address, port) = FailoverScenario.Cluster2Gateway();
        MapNode[] endpoints = [FailoverScenario.Endpoint(address, port, null), FailoverScenario.Endpoint("203.0.113.9", "8000", "us-east/us-east-1a")];
        var withoutTo = MapNode.Of(("localityLbSetting", MapNode.Of(("failover", ListNode.Of(MapNode.Of(("from", "eu-west")))))));
        Assert.Equal("cluster2 v1 100%", FailoverScenario.Trace("STATIC", endpoints, GatewayErrors, withoutTo).SharesText);
    }

    /// <summary>
    /// A client without a locality (region ""); the gateway in us-east, 203.0.113.9 in eu-west: both region 3. A rule
    /// without <c>from</c> applies to clients of the region "": every endpoint outside us-east goes to 4, and the
    /// gateway takes every request; without the rule they split.
    /// </summary>
    [Fact]
    public void AFailoverRuleWithoutFromAppliesToAClientWithoutALocality()
    {
        var (address, port) = FailoverScenario.Cluster2Gateway();
        MapNode[] endpoints = [FailoverScenario.Endpoint(address, port, "us-east/us-east-1a"), FailoverScenario.Endpoint("203.0.113.9", "8000", "eu-west/eu-west-1b")];
        var withoutFrom = MapNode.Of(("localityLbSetting", MapNode.Of(("failover", ListNode.Of(MapNode.Of(("to", "us-east")))))));
        Assert.Equal("cluster2 v1 100%", WithoutClientLocality(endpoints, withoutFrom).SharesText);
        Assert.Equal("cluster2 v1 50%", WithoutClientLocality(endpoints, null).SharesText);
    }

    /// <summary><see cref="FailoverScenario.Trace"/> with cluster1's nodes carrying no locality.</summary>
    private static TraceResult WithoutClientLocality(MapNode[] endpoints, MapNode? loadBalancer)
    {
        var (_, traffic, _) = TrafficFixture.For(Configs.Seed);
        var entry = new KubeObject("networking.istio.io/v1", "ServiceEntry", ObjectMeta.Named("httpbin-by-hand", "foo"), MapNode.Of(("spec", MapNode.Of(
            ("hosts", ListNode.Of(FailoverScenario.Host)),
            ("addresses", ListNode.Of("240.240.0.50")),
            ("location", "MESH_INTERNAL"),
            ("resolution", "STATIC"),
            ("ports", ListNode.Of(MapNode.Of(("number", 8000), ("name", "http"), ("protocol", "HTTP")))),
            ("endpoints", ListNode.From(endpoints)))))).ToNode();
        var rule = new KubeObject("networking.istio.io/v1", "DestinationRule", ObjectMeta.Named("httpbin-by-hand", "foo"), MapNode.Of(("spec", MapNode.Of(
            ("host", FailoverScenario.Host),
            ("trafficPolicy", MapNode.Of(("outlierDetection", GatewayErrors), ("loadBalancer", loadBalancer))))))).ToNode();
        var edited = traffic with { Clusters = [.. traffic.Clusters.Select(c => c.Name == "cluster1" ? c with { Locality = null, Objects = c.Objects.Add(entry).Add(rule) } : c)] };
        return edited.Model(TrafficFixture.Placeholder).Trace(TrafficFixture.Request("cluster1/foo/sleep", FailoverScenario.Host, 8000));
    }
}
