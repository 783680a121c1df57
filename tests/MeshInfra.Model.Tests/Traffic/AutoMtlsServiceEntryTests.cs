using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Auto mTLS to a ServiceEntry's endpoints: no DestinationRule sets a TLS mode, so the sidecar sends
/// mTLS only to the endpoints labelled <c>security.istio.io/tlsMode: istio</c>, and plaintext to the
/// rest. Here a user's ServiceEntry in cluster1 names httpbin's own host (it runs only in cluster2) with
/// cluster2's east-west gateway as its endpoint: the old way of reaching another network by hand.
/// <para>
/// Istio 1.30.3 and 1.31.0-rc.0 (the same at both tags):
/// pilot/pkg/networking/core/cluster_tls.go, buildUpstreamTLSSettings (no TLS settings, a service not
/// MESH_EXTERNAL, a mesh-wide mode other than DISABLE: ISTIO_MUTUAL, autoDetected) and
/// applyUpstreamTLSSettings (autoDetected: the TLS socket only for endpoints whose metadata says
/// <c>tlsMode: istio</c>, "tlsMode-disabled" raw buffer for the others);
/// pilot/pkg/networking/core/cluster_builder.go (istioMtlsSni = outbound_.&lt;port&gt;_._.&lt;host&gt;);
/// pilot/pkg/model/push_context.go, BestEffortInferServiceMTLSMode (the mesh PeerAuthentication, STRICT);
/// pilot/pkg/serviceregistry/serviceentry/conversion.go, getTLSModeFromWorkloadEntry (the label);
/// pilot/pkg/xds/endpoints/mtls_checker.go, checkMtlsEnabled (no rule mode: the endpoint's tlsMode and
/// PeerAuthentication decide); pilot/pkg/networking/core/gateway.go, builtAutoPassthroughFilterChains
/// (the gateway's chain for that SNI leads to httpbin's pods).
/// </para>
/// </summary>
public sealed class AutoMtlsServiceEntryTests
{
    private const string Host = "httpbin.bar.svc.cluster.local";

    private static readonly Dictionary<string, string> TlsModeIstio = new() { ["security.istio.io/tlsMode"] = "istio" };

    private static TraceResult Trace(IReadOnlyDictionary<string, string> endpointLabels, string location = "MESH_INTERNAL", KubeObject? extra = null)
    {
        var (_, traffic, _) = TrafficFixture.For(Configs.Seed);
        var gateway = traffic.Gateways.Single(g => g.Cluster == "cluster2");
        var entry = new KubeObject("networking.istio.io/v1", "ServiceEntry", ObjectMeta.Named("httpbin-by-hand", "foo"), MapNode.Of(("spec", MapNode.Of(
            ("hosts", ListNode.Of(Host)),
            ("addresses", ListNode.Of("240.240.0.50")),
            ("location", location),
            ("resolution", "STATIC"),
            ("ports", ListNode.Of(MapNode.Of(("number", 8000), ("name", "http"), ("protocol", "HTTP")))),
            ("endpoints", ListNode.Of(MapNode.Of(
                ("address", gateway.Address),
                ("ports", MapNode.Of(("http", gateway.Port))),
                ("labels", MapNode.OfStrings(endpointLabels))))))))).ToNode();
        var edited = traffic with { Clusters = [.. traffic.Clusters.Select(c => c.Name == "cluster1" ? c with { Objects = extra is null ? c.Objects.Add(entry) : c.Objects.Add(entry).Add(extra.ToNode()) } : c)] };
        return edited.Model(TrafficFixture.Placeholder).Trace(TrafficFixture.Request("cluster1/foo/sleep", Host, 8000));
    }

    [Fact]
    public void AnEndpointLabelledTlsModeIstioGetsMtlsAndReachesThePodsBehindTheGateway()
    {
        var result = Trace(new Dictionary<string, string> { ["security.istio.io/tlsMode"] = "istio" });

        Assert.Empty(result.Failures);
        Assert.Equal("cluster2 v1 100%", result.SharesText);
        Assert.Equal(("cluster2", "httpbin"), (Assert.Single(result.Arrivals).Workload.Cluster, result.Arrivals[0].Workload.Name));
    }

    [Fact]
    public void AnUnlabelledEndpointGetsPlaintextWhichTheGatewayRefuses()
    {
        var result = Trace(new Dictionary<string, string>());

        Assert.Empty(result.Arrivals);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(FailureKind.GatewayRequiresMtls, failure.Kind);
        Assert.Equal("cluster2's east-west gateway routes only mTLS by its SNI, and this request is sent with tls DISABLE", failure.Reason);
    }

    [Fact]
    public void AMeshExternalServiceGetsNoAutoMtlsEvenToALabelledEndpoint()
    {
        var result = Trace(TlsModeIstio, location: "MESH_EXTERNAL");

        Assert.Empty(result.Arrivals);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(FailureKind.GatewayRequiresMtls, failure.Kind);
        Assert.Equal("cluster2's east-west gateway routes only mTLS by its SNI, and this request is sent with tls DISABLE", failure.Reason);
    }

    [Theory]
    [InlineData("foo", "DISABLE", false)]
    [InlineData("istio-system", "DISABLE", false)]
    [InlineData("foo", "PERMISSIVE", true)]
    [InlineData("bar", "DISABLE", true)]
    public void AutoMtlsIsOffWhereTheServiceEntrysNamespaceOrTheMeshDisablesMtls(string policyNamespace, string mode, bool arrives)
    {
        // The ServiceEntry lives in foo: istiod reads the mode of foo's namespace-level policy, else the mesh's.
        // In istio-system it must come before the stack's own mesh-wide `default` (STRICT) in istiod's order
        // (no creation times here, so the name decides): the oldest mesh-level policy is the mesh's mode.
        var policy = new KubeObject("security.istio.io/v1", "PeerAuthentication", ObjectMeta.Named("a-mtls-" + mode.ToLowerInvariant(), policyNamespace),
            MapNode.Of(("spec", MapNode.Of(("mtls", MapNode.Of(("mode", mode)))))));

        var result = Trace(TlsModeIstio, extra: policy);

        Assert.Equal(arrives, result.Arrivals.Length == 1);
        if (!arrives)
        {
            Assert.Equal(FailureKind.GatewayRequiresMtls, Assert.Single(result.Failures).Kind);
        }
    }
}
