using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using static MeshInfra.Model.Tests.Mutation.GatewayScenarios;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// What `meshinfra trace` prints from the east-west gateway on: the hop that names the gateway dialled
/// (another cluster's, or the client cluster's own by its Service), the filter chain the SNI selects (all
/// pods or a subset), the endpoints Istio's mTLS filter keeps and drops, the ClusterIP kube-proxy spreads
/// over, and each pod reached with its share, verified identity and whether its pods are assumed. The
/// Stryker run of issue 17 (docs/quality.md) showed no test read these texts or their depths. Istio
/// 1.30.3 and 1.31.0-rc.0: pilot/pkg/networking/core/gateway.go, builtAutoPassthroughFilterChains (a
/// chain per service port and per subset of the gateway's DestinationRule, SNI
/// outbound_.port_.subset_.host); pilot/pkg/xds/endpoints/mtls_checker.go, checkMtlsEnabled (the
/// endpoints kept).
/// </summary>
public sealed class GatewayTraceTextTests
{
    [Fact]
    public void ACrossClusterRequestNamesTheRemoteGatewayItsChainItsEndpointsAndTheVerifiedPod()
    {
        Assert.Equal(
        [
            "2 network | ${cluster2.gatewayAddress}:15443 is cluster2's east-west gateway",
            "2 gateway | cluster2's east-west gateway has a filter chain for SNI outbound_.8000_._.httpbin.bar.svc.cluster.local: httpbin.bar.svc.cluster.local, all pods",
            "2 endpoints | cluster2/bar/httpbin (v1)",
            "3 arrives | cluster2/bar/httpbin (v1) 100%, identity spiffe://cluster.local/ns/bar/sa/httpbin verified",
        ], Hops(Seed().Trace(Sleep())));
    }

    [Fact]
    public void ASubsetsChainNamesTheSubsetAndItsLabels()
    {
        var result = Seed().Trace(TrafficFixture.Request("cluster1/default/productpage", "reviews.default.global", 9080, ("end-user", "jason")));

        Assert.Equal(
        [
            "2 gateway | cluster2's east-west gateway has a filter chain for SNI outbound_.9080_.v2_.reviews.default.svc.cluster.local: reviews.default.svc.cluster.local, subset v2 {version: v2}",
            "2 gateway | cluster2's east-west gateway has a filter chain for SNI outbound_.9080_.v3_.reviews.default.svc.cluster.local: reviews.default.svc.cluster.local, subset v3 {version: v3}",
        ], result.Hops.Where(h => h.Step == "gateway").Select(h => $"{h.Depth} {h.Step} | {h.Detail}"));
        Assert.Equal("cluster2 v2 50%, cluster2 v3 50%", result.SharesText);
    }

    [Fact]
    public void TheOwnClustersGatewayDialledByItsServiceIsNamedAsItsOwn()
    {
        Assert.Equal(
        [
            "2 network | istio-eastwestgateway.istio-eastwest.svc.cluster.local:15443 is cluster2's own east-west gateway",
            "2 gateway | cluster2's east-west gateway has a filter chain for SNI outbound_.8000_._.httpbin.bar.svc.cluster.local: httpbin.bar.svc.cluster.local, all pods",
            "2 endpoints | cluster2/bar/httpbin (v1)",
            "3 arrives | cluster2/bar/httpbin (v1) 100%, identity spiffe://cluster.local/ns/bar/sa/httpbin verified",
        ], Hops(Seed().Trace(TrafficFixture.Request("cluster2/bar/httpbin", "httpbin.bar.global", 8000))));
    }

    [Fact]
    public void TheEndpointsHopListsThePodsTheMtlsFilterDropsAndWhy()
    {
        // Without a TLS mode in the gateway's DestinationRule, each pod's PeerAuthentication decides (mtls_checker.go).
        var model = Seed(
            ("cluster2", Httpbin("v2")), ("cluster2", Httpbin("v3")),
            ("cluster2", PeerAuthentication("bar", "v2-plaintext", "DISABLE", "v2")), ("cluster2", PeerAuthentication("bar", "v3-plaintext", "DISABLE", "v3")));

        var result = model.Trace(Sleep());

        Assert.Equal(
            "2 endpoints | cluster2/bar/httpbin (v1) (dropped by the mTLS filter: cluster2/bar/httpbin-v2 (v2) (mTLS DISABLE by PeerAuthentication bar/v2-plaintext); "
            + "cluster2/bar/httpbin-v3 (v3) (mTLS DISABLE by PeerAuthentication bar/v3-plaintext))",
            Hops(result)[2]);
        Assert.Empty(result.Failures);
        Assert.Equal(("cluster2/bar/httpbin (v1)", 1.0), (Assert.Single(result.Arrivals).Workload.ToString(), result.Arrivals[0].Share));
    }

    [Fact]
    public void AChainTheMtlsFilterEmptiesEndsAtTheGatewayWithNoEndpointsHop()
    {
        var result = Seed(("cluster2", PeerAuthentication("bar", "all-plaintext", "DISABLE"))).Trace(Sleep());

        const string Emptied = "cluster2's east-west gateway: cluster outbound_.8000_._.httpbin.bar.svc.cluster.local has no endpoints after Istio's mTLS endpoint filter"
            + " (dropped: cluster2/bar/httpbin (v1) (mTLS DISABLE by PeerAuthentication bar/all-plaintext))";
        Assert.Equal(
        [
            "2 network | ${cluster2.gatewayAddress}:15443 is cluster2's east-west gateway",
            "2 gateway | cluster2's east-west gateway has a filter chain for SNI outbound_.8000_._.httpbin.bar.svc.cluster.local: httpbin.bar.svc.cluster.local, all pods",
            "2 FAIL gateway | " + Emptied,
        ], Hops(result));
        Assert.Equal(["EmptiedByMtlsFilter gateway 1 | " + Emptied], Failures(result));
        Assert.Empty(result.Arrivals);
    }

    [Fact]
    public void APodWithoutAnIdentityPinAndAnAssumedPodReadAsSuch()
    {
        // No DestinationRule: auto mTLS to an unlabelled endpoint is plaintext, so no SAN is checked.
        var alias = ServiceEntry("bar", "httpbin-alias", "httpbin-alias.example.internal", "240.240.0.70", "DNS", """{ "address": "httpbin.bar.svc.cluster.local", "ports": { "http": 8000 } }""");
        Assert.Equal(
        [
            "2 kube-proxy | httpbin.bar.svc.cluster.local is a ClusterIP: kube-proxy spreads over every pod of httpbin.bar.svc.cluster.local, whatever subset was asked",
            "3 arrives | cluster2/bar/httpbin (v1) 100%",
        ], Hops(Seed(("cluster2", alias)).Trace(Probe("cluster2", "httpbin-alias.example.internal", 8000))));

        // An exported service the stack runs no sample for: its pods are the model's assumption.
        var (_, _, three) = TrafficFixture.For(Configs.ThreeClusters);
        Assert.Equal(
            "3 arrives | east/shop/cart 100%, identity spiffe://cluster.local/ns/shop/sa/default verified (assumed pods)",
            Hops(three.Trace(Probe("west", "cart.shop.global", 8080)))[^1]);
    }

    [Fact]
    public void ALocalServiceReachedSidecarToSidecarArrivesOneHopBelowItsCluster()
    {
        var result = Seed(("cluster2", TlsRule("bar", "pin", "httpbin.bar.svc.cluster.local", "ISTIO_MUTUAL", san: "spiffe://cluster.local/ns/bar/sa/httpbin")))
            .Trace(Probe("cluster2", "httpbin.bar.svc.cluster.local", 8000));

        Assert.Equal(["2 arrives | cluster2/bar/httpbin (v1) 100%, identity spiffe://cluster.local/ns/bar/sa/httpbin verified"], Hops(result));
    }
}
