using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// When Envoy ejects a down gateway, found while checking the survivors of TrafficModel.Failover.cs (issue 17): the
/// model ejected at least one down host whatever maxEjectionPercent said, and ejected one even under an outlier
/// detection that counts no failed connection. Envoy (source/common/upstream/outlier_detection_impl.cc,
/// DetectorImpl::ejectHost) ejects a host only while 100 x (ejected + 1) / hosts &lt;= max_ejection_percent, unless
/// always_eject_one_host (added in Envoy 1.31, off by default), which Istio never sets (pilot/pkg/networking/core/
/// cluster_traffic_policy.go, applyOutlierDetection, 1.30.3 and 1.31.0-rc.0: it sets consecutive_5xx and
/// consecutive_gateway_failure with enforcing 100 above 0 and 0 at 0, and max_ejection_percent above 0; Envoy's
/// default is 10). Without split_external_local_origin_errors a failed connection is a 503 (resultToHttpCode), which
/// putHttpResponseCode counts as a 5xx and as a gateway error.
/// The scenario: a user's STATIC ServiceEntry in cluster1 over cluster2's gateway (down) and 203.0.113.9 (where
/// nothing answers), both of priority 0 for sleep: where cluster2's half of the first attempts ends.
/// </summary>
public sealed class FailoverEjectionMutantTests
{
    private static TraceResult Trace(MapNode outlierDetection)
    {
        var (address, port) = FailoverScenario.Cluster2Gateway();
        return FailoverScenario.Trace("STATIC", [FailoverScenario.Endpoint(address, port, null), FailoverScenario.Endpoint("203.0.113.9", "8000", null)], outlierDetection, null, down: ["cluster2"]);
    }

    private static string EndpointsHop(TraceResult result) => result.Hops.Single(h => h.Step == "endpoints" && h.Depth == 1).Detail;

    /// <summary>
    /// Envoy's default max_ejection_percent (10) of two hosts ejects none: 100 x 1 / 2 = 50 &gt; 10. The down gateway keeps
    /// half the first attempts; Istio's default retries move all but 0.5 x (1/64)^2 of them to the other endpoint.
    /// </summary>
    [Fact]
    public void EnvoysDefaultTenPercentOfTwoHostsEjectsNone()
    {
        var result = Trace(MapNode.Of(("consecutiveGatewayErrors", 5)));
        Assert.Contains(" DOWN, not ejected 50%", EndpointsHop(result), StringComparison.Ordinal);
        Assert.Equal(0.5 / 4096, Assert.Single(result.Failures, f => f.Kind == FailureKind.GatewayDown).Share, 12);
        Assert.Equal(1 - (0.5 / 4096), Assert.Single(result.Failures, f => f.Kind == FailureKind.UnreachableAddress).Share, 12);

        // Nothing is ever ejected, so there is no time "until" an ejection: the retries hop is the only one.
        Assert.StartsWith("50% of requests first dial ", Assert.Single(result.Hops, h => h.Step == "retries").Detail, StringComparison.Ordinal);
    }

    /// <summary>maxEjectionPercent 50 of two hosts ejects the down one: every request goes to the other endpoint.</summary>
    [Fact]
    public void FiftyPercentOfTwoHostsEjectsTheDownOne()
    {
        var result = Trace(MapNode.Of(("consecutiveGatewayErrors", 5), ("maxEjectionPercent", 50)));
        Assert.Contains(" EJECTED (down) 0%", EndpointsHop(result), StringComparison.Ordinal);
        Assert.Equal((FailureKind.UnreachableAddress, 1.0), (Assert.Single(result.Failures).Kind, result.Failures[0].Share));
    }

    /// <summary>
    /// consecutive5xxErrors 0 without the split and no gateway errors: Istio sets enforcing_consecutive_5xx 0 and leaves
    /// gateway failures unenforced, so no failed connection ejects anything, whatever maxEjectionPercent allows; the
    /// priorities still apply (outlierDetection is set), and the retries still move the down gateway's part.
    /// </summary>
    [Fact]
    public void NoEnforcedCountOfFailedConnectionsEjectsNothing()
    {
        var result = Trace(MapNode.Of(("consecutive5xxErrors", 0), ("maxEjectionPercent", 100)));
        Assert.EndsWith(" DOWN, not ejected 50%; 203.0.113.9:8000 {security.istio.io/tlsMode: istio} priority 0 50% (nearest locality first; ejected never for connection failures, never for 5xx answers)", EndpointsHop(result), StringComparison.Ordinal);
        Assert.Equal(0.5 / 4096, Assert.Single(result.Failures, f => f.Kind == FailureKind.GatewayDown).Share, 12);
        Assert.DoesNotContain(result.Hops, h => h.Detail.StartsWith("until ", StringComparison.Ordinal));
    }

    /// <summary>
    /// consecutive5xxErrors 0 but consecutiveGatewayErrors 3 without the split: a failed connection is a 503, a gateway
    /// error, so three in a row eject the down gateway; and 7 5xx with 3 gateway errors eject after 3 failed connections.
    /// </summary>
    [Theory]
    [InlineData(0, "ejected after 3 connection failures, and after 3 502/503/504 answers from any pod behind it")]
    [InlineData(7, "ejected after 3 connection failures, and after 7 5xx answers from any pod behind it")]
    public void GatewayErrorsCountFailedConnectionsWithoutTheSplit(int fiveHundreds, string rule)
    {
        var result = Trace(MapNode.Of(("consecutive5xxErrors", fiveHundreds), ("consecutiveGatewayErrors", 3), ("maxEjectionPercent", 100)));
        Assert.EndsWith($"(nearest locality first; {rule})", EndpointsHop(result), StringComparison.Ordinal);
        Assert.Contains(" EJECTED (down) 0%", EndpointsHop(result), StringComparison.Ordinal);
        Assert.Contains(result.Hops, h => h.Step == "retries" && h.Detail.StartsWith("until 3 connection failures in a row eject the down gateway: 50% of requests", StringComparison.Ordinal));
    }
}
