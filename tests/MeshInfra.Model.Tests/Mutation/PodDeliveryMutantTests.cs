using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;
using static MeshInfra.Model.Tests.Mutation.GatewayScenarios;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// The last hop (Traffic/TrafficModel.Pods.cs): a Service that selects no pods, the client's pinned identity
/// checked at a pod of the own cluster, and a client without a sidecar whose plaintext a STRICT pod refuses.
/// The Stryker run of issue 17 (docs/quality.md) left these outcomes unread. Istio 1.30.3 and 1.31.0-rc.0:
/// pilot/pkg/networking/core/cluster_tls.go, buildUpstreamTLSSettings (ISTIO_MUTUAL with the rule's
/// subjectAltNames verified against the server's certificate); pilot/pkg/security/authn/policy_applier.go,
/// ComposePeerAuthentication, and filterchain_options.go, getFilterChainMatchOptions (STRICT: only the mTLS
/// chains). A port-level mode applies to the port the pod serves: the Service's targetPort, which Kubernetes
/// defaults to the port when it is 0 or unset (kubernetes pkg/apis/core/v1/defaults.go, SetDefaults_Service).
/// </summary>
public sealed class PodDeliveryMutantTests
{
    private static TraceResult WithoutSidecar(TrafficModel model, string host, int port) =>
        model.Trace(TrafficFixture.Request("cluster2/istio-system/x", host, port));

    [Fact]
    public void AServiceThatSelectsNoPodsFailsAtItsEndpointsWithOrWithoutASidecar()
    {
        var model = Seed(("cluster2", EmptyService));

        var sidecar = model.Trace(Probe("cluster2", "empty.bar.svc.cluster.local", 80));
        var plaintext = WithoutSidecar(model, "empty.bar.svc.cluster.local", 80);

        Assert.Equal(["NoEndpoints endpoints 1 | empty.bar.svc.cluster.local selects no pods"], Failures(sidecar));
        Assert.Equal(["NoEndpoints endpoints 1 | empty.bar.svc.cluster.local selects no pods"], Failures(plaintext));
        Assert.Empty(sidecar.Arrivals);
        Assert.Empty(plaintext.Arrivals);
    }

    [Fact]
    public void APinnedIdentityTheLocalPodDoesNotPresentIsRejected()
    {
        var result = Seed(("cluster2", TlsRule("bar", "pin", "httpbin.bar.svc.cluster.local", "ISTIO_MUTUAL", san: "spiffe://cluster.local/ns/bar/sa/other")))
            .Trace(Probe("cluster2", "httpbin.bar.svc.cluster.local", 8000));

        Assert.Empty(result.Arrivals);
        Assert.Equal(
            ["IdentityRejected identity 1 | cluster2/bar/httpbin (v1) presents spiffe://cluster.local/ns/bar/sa/httpbin, which the client does not accept (SAN spiffe://cluster.local/ns/bar/sa/other)"],
            Failures(result));
    }

    [Fact]
    public void AStrictPodRefusesAClientWithoutASidecarAndIsNotReached()
    {
        var result = WithoutSidecar(Seed(), "httpbin.bar.svc.cluster.local", 8000);

        Assert.Empty(result.Arrivals);
        Assert.Equal(
            ["PlaintextRefused mtls 1 | cluster2/bar/httpbin (v1) accepts only mTLS on port 8080 (STRICT by PeerAuthentication istio-system/default), and a client without a sidecar sends plaintext: the connection is reset"],
            Failures(result));
    }

    [Fact]
    public void ATargetPortOfZeroIsTheServicePortForThePodsPortLevelMode()
    {
        // bar's httpbin: PERMISSIVE, but STRICT on port 8000, which its Service (targetPort 0) sends to.
        var model = SeedWithout(Is("cluster2", "Service", "bar", "httpbin"), ("cluster2", HttpbinServiceTargetPortZero),
            ("cluster2", PeerAuthentication("bar", "port-strict", "PERMISSIVE", "v1", """{ "8000": { "mode": "STRICT" } }""")));

        var result = WithoutSidecar(model, "httpbin.bar.svc.cluster.local", 8000);

        Assert.Empty(result.Arrivals);
        Assert.Equal(
            ["PlaintextRefused mtls 1 | cluster2/bar/httpbin (v1) accepts only mTLS on port 8000 (STRICT by PeerAuthentication bar/port-strict), and a client without a sidecar sends plaintext: the connection is reset"],
            Failures(result));
    }
}
