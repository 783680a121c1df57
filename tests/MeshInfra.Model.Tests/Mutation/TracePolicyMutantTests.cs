using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// The client's Sidecar and the server's sidecar (or its absence) in the cases the Stryker.NET run over
/// Traffic/TrafficModel.Policies.cs (issue 17, docs/quality.md) found untested: a Kubernetes Service the Sidecar
/// does not import under ALLOW_ANY, a port-level egress listener in the failure text, a server pod without a
/// sidecar, and the step a server's mTLS DISABLE is reported at.
/// </summary>
public sealed class TracePolicyMutantTests
{
    private static string Sidecar(string egress) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Sidecar\", \"metadata\": { \"name\": \"sc-foo\", \"namespace\": \"foo\" }, \"spec\": { \"egress\": [ " + egress + " ] } }";

    [Fact]
    public void AServiceTheSidecarDoesNotImportIsPassedThroughToKubeProxyUnderAllowAny()
    {
        // listener_builder.go, buildOutboundCatchAllNetworkFiltersOnly (1.30.3 and 1.31.0-rc.0): under ALLOW_ANY the
        // catch-all sends the connection to PassthroughCluster, the original ClusterIP, where kube-proxy picks a pod. It
        // is plaintext, so details' namespace is PERMISSIVE here (under the mesh's STRICT the pod resets it).
        var permissive = """{ "apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication", "metadata": { "name": "open", "namespace": "default" }, "spec": { "mtls": { "mode": "PERMISSIVE" } } }""";
        var model = TraceCoreMutantTests.With("cluster1", Sidecar("""{ "hosts": ["./*"] }"""), permissive);
        var result = model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "details.default.svc.cluster.local", 9080));

        Assert.Empty(result.Failures);
        Assert.Equal("cluster1 v1 100%", result.SharesText);
        Assert.Contains("sidecar: Sidecar foo/sc-foo does not import details.default.svc.cluster.local on port 9080 (egress hosts: ./*); outboundTrafficPolicy ALLOW_ANY passes it through, unencrypted, and kube-proxy picks a pod of details.default.svc.cluster.local",
            TraceCoreMutantTests.Steps(result));
    }

    /// <summary>
    /// Under the mesh's STRICT (istio-system/default) the passed-through request is refused, and the text says why a
    /// client WITH a sidecar sent plaintext: PassthroughCluster has no transport socket (cluster_builder.go,
    /// buildDefaultPassthroughCluster, 1.30.3 and 1.31.0-rc.0), not "a client without a sidecar".
    /// </summary>
    [Fact]
    public void AStrictPodRefusesThePassedThroughRequestAndTheTextSaysTheSidecarSentPlaintext()
    {
        var model = TraceCoreMutantTests.With("cluster1", Sidecar("""{ "hosts": ["./*"] }"""));
        var result = model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "details.default.svc.cluster.local", 9080));

        Assert.Empty(result.Arrivals);
        var refused = Assert.Single(result.Failures);
        Assert.Equal(("mtls", FailureKind.PlaintextRefused), (refused.Step, refused.Kind));
        Assert.Equal(
            "cluster1/default/details-v1 (v1) accepts only mTLS on port 9080 (STRICT by PeerAuthentication istio-system/default), and the client's sidecar sends this request in plaintext (its Sidecar foo/sc-foo does not import details.default.svc.cluster.local on port 9080, so it leaves through PassthroughCluster, which has no TLS): the connection is reset",
            refused.Reason);
    }

    [Fact]
    public void TheFailureTextListsEachEgressListenersPortAndHosts()
    {
        var model = TraceCoreMutantTests.With("cluster1", Sidecar("""{ "port": { "number": 9080, "protocol": "HTTP", "name": "http" }, "hosts": ["./*", "istio-system/*"] }, { "hosts": ["./*"] }"""));
        var failure = Assert.Single(model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000)).Failures);

        Assert.Equal(FailureKind.NotImportedPassedThrough, failure.Kind);
        Assert.Contains("(egress hosts: port 9080: ./* istio-system/*; ./*)", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AServerPodWithoutASidecarTakesTheRequestWithoutRbac()
    {
        // foo without its injection label: sleep has no sidecar, so no RBAC filter and no mTLS to check (auto mTLS sends plaintext).
        var (_, _, model) = TrafficFixture.For(Configs.Seed, state => state.Name != "cluster1" ? state : TrafficFixture.Replace(state, "Namespace", "foo", ns =>
            new KubeObject("v1", "Namespace", ObjectMeta.Named("foo"), MapNode.Empty).ToNode()));
        var result = model.Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "sleep.foo.svc.cluster.local", 80));

        Assert.Empty(result.Failures);
        Assert.Equal("cluster1 100%", result.SharesText);
    }

    [Fact]
    public void AServersMtlsDisableIsReportedAtTheMtlsStep()
    {
        var disable = """{ "apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication", "metadata": { "name": "legacy", "namespace": "default" }, "spec": { "selector": { "matchLabels": { "app": "reviews", "version": "v2" } }, "mtls": { "mode": "DISABLE" } } }""";
        var result = TraceCoreMutantTests.With("cluster2", disable).Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "reviews", 9080, ("end-user", "jason")));

        var refused = Assert.Single(result.Failures);
        Assert.Equal(("mtls", FailureKind.MtlsDisabledAtServer), (refused.Step, refused.Kind));
    }
}
