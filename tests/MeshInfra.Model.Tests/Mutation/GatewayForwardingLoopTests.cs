using MeshInfra.Model.Traffic;
using static MeshInfra.Model.Tests.Mutation.GatewayScenarios;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// An east-west gateway whose chain for an SNI leads to a ServiceEntry: its endpoints are where the gateway
/// forwards the still-encrypted stream. Here users' objects make cluster1's and cluster2's gateways forward
/// <c>loop.example.internal</c> to each other (cluster2's entry also lists httpbin's Service), so a request
/// bounces between them: each forward is reported, each share split over the endpoints kept, the branch to
/// httpbin arrives, and the model stops the bouncing branch after three gateways. Istio 1.30.3 and
/// 1.31.0-rc.0: pilot/pkg/networking/core/gateway.go, builtAutoPassthroughFilterChains (every service of the
/// gateway's scope that its server hosts admit, ServiceEntries included, gets a chain whose cluster is that
/// service's endpoints; nothing stops the endpoints from being another gateway).
/// </summary>
public sealed class GatewayForwardingLoopTests
{
    private static TraceResult Loop()
    {
        var toCluster2 = ServiceEntry("foo", "loop", "loop.example.internal", "240.240.0.80", "STATIC", MtlsEndpoint("@cluster2.gateway", 15443));
        var toCluster1AndHttpbin = ServiceEntry("istio-system", "loop", "loop.example.internal", "240.240.0.80", "DNS",
            MtlsEndpoint("@cluster1.gateway", 15443), MtlsEndpoint("httpbin.bar.svc.cluster.local", 8000));
        return Seed(
            ("cluster1", toCluster2), ("cluster1", PassthroughGateway("loop", "loop.example.internal")),
            ("cluster2", toCluster1AndHttpbin), ("cluster2", PassthroughGateway("loop", "loop.example.internal")))
            .Trace(Sleep("loop.example.internal"));
    }

    private const string Lists2 = "cluster2's east-west gateway cluster for loop.example.internal lists cluster1's east-west gateway (${cluster1.gatewayAddress}): a request entering cluster2 may be forwarded to cluster1";
    private const string Lists1 = "cluster1's east-west gateway cluster for loop.example.internal lists cluster2's east-west gateway (${cluster2.gatewayAddress}): a request entering cluster1 may be forwarded to cluster2";
    private const string Forward2To1 = "a request entering cluster2's east-west gateway is forwarded to ${cluster1.gatewayAddress}, not served by cluster2's own pods";
    private const string Forward1To2 = "a request entering cluster1's east-west gateway is forwarded to ${cluster2.gatewayAddress}, not served by cluster1's own pods";
    private const string Forward2ToHttpbin = "a request entering cluster2's east-west gateway is forwarded to httpbin.bar.svc.cluster.local, not served by cluster2's own pods";

    [Fact]
    public void EachForwardIsReportedWithItsShareAndTheBouncingBranchStopsAfterThreeGateways()
    {
        var result = Loop();

        Assert.Equal(
        [
            "GatewayListsRemoteGateway gateway 1 | " + Lists2,
            "GatewayForwarding gateway 0.5 | " + Forward2To1,
            "GatewayListsRemoteGateway gateway 0.5 | " + Lists1,
            "GatewayForwarding gateway 0.5 | " + Forward1To2,
            "GatewayListsRemoteGateway gateway 0.5 | " + Lists2,
            "GatewayForwarding gateway 0.25 | " + Forward2To1,
            "ForwardingLoop gateway 0.25 | the request has passed 3 east-west gateways: a forwarding loop",
            "GatewayForwarding gateway 0.25 | " + Forward2ToHttpbin,
            "GatewayForwarding gateway 0.5 | " + Forward2ToHttpbin,
        ], Failures(result));
        Assert.Equal(["cluster2/bar/httpbin (v1) 0.25", "cluster2/bar/httpbin (v1) 0.5"], result.Arrivals.Select(a => $"{a.Workload} {a.Share}"));
    }

    [Fact]
    public void TheTraceNestsEachForwardOneLevelBelowTheGatewayThatForwardsIt()
    {
        const string Chain2 = "cluster2's east-west gateway has a filter chain for SNI outbound_.8000_._.loop.example.internal: loop.example.internal, all pods";
        const string Chain1 = "cluster1's east-west gateway has a filter chain for SNI outbound_.8000_._.loop.example.internal: loop.example.internal, all pods";
        const string KubeProxy = "kube-proxy | httpbin.bar.svc.cluster.local is a ClusterIP: kube-proxy spreads over every pod of httpbin.bar.svc.cluster.local, whatever subset was asked";
        Assert.Equal(
        [
            "2 network | ${cluster2.gatewayAddress}:15443 is cluster2's east-west gateway",
            "2 gateway | " + Chain2,
            "2 FAIL gateway | " + Lists2,
            "2 endpoints | ${cluster1.gatewayAddress}; httpbin.bar.svc.cluster.local",
            "2 FAIL gateway | " + Forward2To1,
            "3 network | ${cluster1.gatewayAddress}:15443 is cluster1's east-west gateway",
            "3 gateway | " + Chain1,
            "3 FAIL gateway | " + Lists1,
            "3 endpoints | ${cluster2.gatewayAddress}",
            "3 FAIL gateway | " + Forward1To2,
            "4 network | ${cluster2.gatewayAddress}:15443 is cluster2's east-west gateway",
            "4 gateway | " + Chain2,
            "4 FAIL gateway | " + Lists2,
            "4 endpoints | ${cluster1.gatewayAddress}; httpbin.bar.svc.cluster.local",
            "4 FAIL gateway | " + Forward2To1,
            "5 network | ${cluster1.gatewayAddress}:15443 is cluster1's east-west gateway",
            "5 FAIL gateway | the request has passed 3 east-west gateways: a forwarding loop",
            "4 FAIL gateway | " + Forward2ToHttpbin,
            "5 " + KubeProxy,
            "6 arrives | cluster2/bar/httpbin (v1) 25%",
            "2 FAIL gateway | " + Forward2ToHttpbin,
            "3 " + KubeProxy,
            "4 arrives | cluster2/bar/httpbin (v1) 50%",
        ], Hops(Loop()));
    }
}
