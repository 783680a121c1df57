using MeshInfra.Model.Traffic;
using static MeshInfra.Model.Tests.Mutation.GatewayScenarios;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Where a request goes once the sidecar has picked an endpoint (Traffic/TrafficModel.Gateways.cs): another
/// cluster's east-west gateway, the own cluster's gateway by its Service, a ClusterIP, or nothing; and what the
/// gateway does with it: only Istio mTLS is routed by SNI, an SNI without a chain is closed, and a chain whose
/// endpoints are other gateways forwards (a defect the model reports, and stops after three gateways). The
/// Stryker run of issue 17 (docs/quality.md) left these paths without a test that reads their outcome.
/// <para>
/// Istio 1.30.3 and 1.31.0-rc.0 (the function is the same at both tags): pilot/pkg/networking/core/gateway.go,
/// builtAutoPassthroughFilterChains: a chain per service port and subset, matching the SNI
/// outbound_.port_.subset_.host AND the application protocols allIstioMtlsALPNs (listener.go: istio,
/// istio-peer-exchange, istio-http/1.0, istio-http/1.1, istio-h2), no TLS context ("passthrough"), its cluster
/// the service's endpoints; cluster_tls.go, buildUpstreamClusterTLSContext: only ISTIO_MUTUAL advertises those
/// ALPNs (ALPNInMeshWithMxc), while SIMPLE (constructUpstreamTLS) advertises at most h2, so a SIMPLE connection
/// matches no chain whatever its SNI.
/// </para>
/// </summary>
public sealed class GatewayMutantTests
{
    private const string ByHand = "by-hand.example.internal";
    private const string HttpbinSni = "outbound_.8000_._.httpbin.bar.svc.cluster.local";

    private static TraceResult ByHandRequest(string mode, string sni) =>
        Seed(
            ("cluster1", ServiceEntry("foo", "by-hand", ByHand, "240.240.0.90", "STATIC", MtlsEndpoint("@cluster2.gateway", 15443))),
            ("cluster1", TlsRule("foo", "by-hand", ByHand, mode, sni)))
        .Trace(Sleep(ByHand));

    [Fact]
    public void ASimpleTlsRequestIsNotRoutedByTheGatewayEvenWithTheSniOfARealChain()
    {
        var result = ByHandRequest("SIMPLE", HttpbinSni);

        Assert.Empty(result.Arrivals);
        Assert.Equal(["GatewayRequiresMtls gateway 1 | cluster2's east-west gateway routes only mTLS by its SNI, and this request is sent with tls SIMPLE"], Failures(result));

        // The same SNI under ISTIO_MUTUAL is routed to httpbin's pods: the SNI was never the reason.
        var mutual = ByHandRequest("ISTIO_MUTUAL", HttpbinSni);
        Assert.Empty(mutual.Failures);
        Assert.Equal("cluster2 v1 100%", mutual.SharesText);
    }

    [Fact]
    public void AnIstioMutualRequestWhoseSniHasNoChainIsClosedAtTheGateway()
    {
        var result = ByHandRequest("ISTIO_MUTUAL", "outbound_.8000_._.nothing.bar.svc.cluster.local");

        Assert.Empty(result.Arrivals);
        Assert.Equal(["NoFilterChainForSni gateway 1 | cluster2's east-west gateway has no filter chain for SNI outbound_.8000_._.nothing.bar.svc.cluster.local"], Failures(result));
    }

    private static string HttpbinAlias => ServiceEntry("bar", "httpbin-alias", "httpbin-alias.example.internal", "240.240.0.70", "DNS",
        """{ "address": "httpbin.bar.svc.cluster.local", "ports": { "http": 8000 } }""");

    [Fact]
    public void AServiceEntryEndpointNamingALocalServiceReachesItsPodsThroughKubeProxy()
    {
        // httpbin's pods are no east-west gateway: its Service is a plain ClusterIP, not the gateway's (whose pods carry istio: eastwestgateway).
        var result = Seed(("cluster2", HttpbinAlias)).Trace(Probe("cluster2", "httpbin-alias.example.internal", 8000));

        Assert.Empty(result.Failures);
        Assert.Equal(("cluster2/bar/httpbin (v1)", 1.0), (Assert.Single(result.Arrivals).Workload.ToString(), result.Arrivals[0].Share));
    }

    [Fact]
    public void KubeProxyDeliversOnTheServicesTargetPortWhereThePodsPoliciesApply()
    {
        // httpbin's Service maps 8000 to targetPort 8080: a policy on the pod's port 8080 applies, one on 8000 does not.
        var denied = Seed(("cluster2", HttpbinAlias), ("cluster2", DenyPort(8080))).Trace(Probe("cluster2", "httpbin-alias.example.internal", 8000));
        Assert.Empty(denied.Arrivals);
        Assert.Equal(
            ["AuthorizationDenied authz 1 | cluster2/bar/httpbin (v1): DENY policy bar/deny-8080 rule 0 matches GET / on port 8080 from a peer without mTLS (no identity): the sidecar answers 403 (RBAC: access denied)"],
            Failures(denied));

        var other = Seed(("cluster2", HttpbinAlias), ("cluster2", DenyPort(8000))).Trace(Probe("cluster2", "httpbin-alias.example.internal", 8000));
        Assert.Empty(other.Failures);
        Assert.Single(other.Arrivals);
    }

    [Fact]
    public void TheOwnGatewaysServiceOnAPortItDoesNotExposeReachesNothing()
    {
        var entry = ServiceEntry("bar", "own-wrong-port", "wrong.example.internal", "240.240.0.71", "DNS", MtlsEndpoint("istio-eastwestgateway.istio-eastwest.svc.cluster.local", 15444));

        var result = Seed(("cluster2", entry)).Trace(Probe("cluster2", "wrong.example.internal", 8000));

        Assert.Empty(result.Arrivals);
        Assert.Equal(["NoServicePort network 1 | istio-eastwestgateway.istio-eastwest.svc.cluster.local exposes no port 15444"], Failures(result));
    }

    [Fact]
    public void AnAddressThatIsNoGatewayAndNoServiceReachesNothing()
    {
        var entry = ServiceEntry("bar", "nowhere", "nowhere.example.internal", "240.240.0.72", "STATIC", MtlsEndpoint("192.0.2.77", 8000));

        var result = Seed(("cluster2", entry)).Trace(Probe("cluster2", "nowhere.example.internal", 8000));

        Assert.Empty(result.Arrivals);
        Assert.Equal(["UnreachableAddress network 1 | 192.0.2.77:8000 reaches nothing in the mesh (no cluster's east-west gateway is dialled there, and it is no Service in cluster2)"], Failures(result));
    }

    [Fact]
    public void ATargetPortOfZeroIsTheServicePortForThePolicyAtThePod()
    {
        // Kubernetes defaults targetPort 0 to the port (pkg/apis/core/v1/defaults.go, SetDefaults_Service): the pod behind the gateway serves 8000.
        var model = SeedWithout(Is("cluster2", "Service", "bar", "httpbin"), ("cluster2", HttpbinServiceTargetPortZero), ("cluster2", DenyPort(8000)));

        var result = model.Trace(Sleep());

        Assert.Empty(result.Arrivals);
        Assert.Equal(
            ["AuthorizationDenied authz 1 | cluster2/bar/httpbin (v1): DENY policy bar/deny-8000 rule 0 matches GET / on port 8000 from spiffe://cluster.local/ns/foo/sa/sleep: the sidecar answers 403 (RBAC: access denied)"],
            Failures(result));
    }
}
