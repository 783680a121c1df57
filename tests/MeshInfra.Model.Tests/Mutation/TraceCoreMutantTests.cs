using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Cases the Stryker.NET run over Traffic/TrafficModel.cs and TrafficModel.Policies.cs (issue 17, docs/quality.md)
/// showed no test had: the hops a trace prints on its way, the step each failure is reported at, a zero-weight
/// destination, a destination's own port, a Service's targetPort, a subset of two labels over a ServiceEntry, a
/// server pod without a sidecar, and the peer identity an AUTO or DISABLE connection shows the server's RBAC.
/// </summary>
public sealed class TraceCoreMutantTests
{
    internal static MapNode Obj(string json) => Support.ObjectText.Parse(json);

    internal static TrafficModel With(string cluster, params string[] objects) =>
        TrafficFixture.For(Configs.Seed, s => s.Name != cluster ? s : s with { Objects = s.Objects.AddRange(objects.Select(Obj)) }).Model;

    internal static string[] Steps(TraceResult result) => [.. result.Hops.Select(h => $"{h.Step}: {h.Detail}")];

    internal static string Route(string ns, string host, string destinations) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"VirtualService\", \"metadata\": { \"name\": \"vs-" + ns + "\", \"namespace\": \"" + ns + "\" }, \"spec\": { \"hosts\": [\"" + host + "\"], \"http\": [ { \"route\": [ " + destinations + " ] } ] } }";

    [Fact]
    public void TheTraceOfTheDefaultRouteToAGlobalHostNamesEachHop()
    {
        var result = With("cluster1").Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000));

        Assert.Equal(
            [
                "client: cluster1/foo/sleep with a sidecar",
                "dns: httpbin.bar.global -> 240.0.18.109 (sidecar DNS proxy)",
                "listener: 240.0.18.109:8000 is httpbin.bar.global",
                "route: no VirtualService: the default route to httpbin.bar.global:8000",
                "cluster: outbound|8000||httpbin.bar.global 100%: tls ISTIO_MUTUAL, SNI outbound_.8000_._.httpbin.bar.svc.cluster.local, SAN spiffe://cluster.local/ns/bar/sa/httpbin",
                "endpoints: ${cluster2.gatewayAddress}:15443 {cluster: cluster2} locality meshinfra.cluster2 priority 0 100% (nearest locality first; ejected after 5 connection failures, never for 5xx answers)",
                "network: ${cluster2.gatewayAddress}:15443 is cluster2's east-west gateway",
                "gateway: cluster2's east-west gateway has a filter chain for SNI outbound_.8000_._.httpbin.bar.svc.cluster.local: httpbin.bar.svc.cluster.local, all pods",
                "endpoints: cluster2/bar/httpbin (v1)",
                "arrives: cluster2/bar/httpbin (v1) 100%, identity spiffe://cluster.local/ns/bar/sa/httpbin verified",
            ],
            Steps(result));
    }

    [Fact]
    public void AnAutoClusterShowsNoSniAndAnAssumedClientSaysSo()
    {
        // No DestinationRule for details: auto mTLS, no SNI or SAN of the rule's (cluster_tls.go, buildUpstreamTLSSettings).
        var result = With("cluster1").Trace(TrafficFixture.Request("cluster1/team-x/web", "details.default.svc.cluster.local", 9080));

        Assert.Equal("cluster1 v1 100%", result.SharesText);
        Assert.Equal(
            [
                "client: cluster1/team-x/web with a sidecar (assumed)",
                "dns: details.default.svc.cluster.local -> ClusterIP(details.default.svc.cluster.local) (sidecar DNS proxy)",
                "listener: ClusterIP(details.default.svc.cluster.local):9080 is details.default.svc.cluster.local",
                "route: no VirtualService: the default route to details.default.svc.cluster.local:9080",
                "cluster: outbound|9080||details.default.svc.cluster.local 100%: tls AUTO",
                "arrives: cluster1/default/details-v1 (v1) 100%",
            ],
            Steps(result));
    }

    [Fact]
    public void AClientWithoutASidecarReachesAServiceByKubeProxy()
    {
        // plain has no injection label: its pod sends plaintext to the ClusterIP and kube-proxy picks the pod;
        // httpbin's namespace is PERMISSIVE here, so its sidecar takes the plaintext.
        var permissive = """{ "apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication", "metadata": { "name": "open", "namespace": "bar" }, "spec": { "mtls": { "mode": "PERMISSIVE" } } }""";
        var result = With("cluster2", """{ "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": "plain" } }""", permissive)
            .Trace(TrafficFixture.Request("cluster2/plain/curl", "httpbin.bar.svc.cluster.local", 8000));

        Assert.Equal("cluster2 v1 100%", result.SharesText);
        Assert.Equal("client: cluster2/plain/curl without a sidecar (assumed)", Steps(result)[0]);
        Assert.Contains("kube-proxy: no sidecar: ClusterIP(httpbin.bar.svc.cluster.local):8000 goes to a pod of httpbin.bar.svc.cluster.local chosen by kube-proxy", Steps(result));
    }

    [Fact]
    public void EachFailureBeforeTheClusterIsReportedAtItsStep()
    {
        var model = With("cluster1", Route("default", "details", """{ "destination": { "host": "nothing.default.svc.cluster.local" } }"""));
        TraceFailure Only(TraceRequest request) => Assert.Single(model.Trace(request).Failures);

        var noCluster = Only(TrafficFixture.Request("cluster9/foo/sleep", "details", 9080));
        Assert.Equal(("client", "no cluster 'cluster9' in the mesh (clusters: cluster1, cluster2)"), (noCluster.Step, noCluster.Reason));

        var noDns = Only(TrafficFixture.Request("cluster1/foo/sleep", "nothing.example.com", 80));
        Assert.Equal(("dns", "nothing.example.com does not resolve in cluster1: no record for nothing.example.com"), (noDns.Step, noDns.Reason));

        var noPort = Only(TrafficFixture.Request("cluster1/foo/sleep", "productpage.default.svc.cluster.local", 9999));
        Assert.Equal(("listener", FailureKind.NoServicePort, "productpage.default.svc.cluster.local declares no port 9999 (ports: 9080)"), (noPort.Step, noPort.Kind, noPort.Reason));

        var unknownHost = Only(TrafficFixture.Request("cluster1/default/productpage-v1", "details", 9080));
        Assert.Equal(("destination", "nothing.default.svc.cluster.local is no service in cluster1: Envoy answers 503"), (unknownHost.Step, unknownHost.Reason));
    }

    [Fact]
    public void AServicePortTheServiceLacksStopsAtTheListener()
    {
        var result = With("cluster1").Trace(TrafficFixture.Request("cluster1/foo/sleep", "productpage.default.svc.cluster.local", 9999));

        Assert.Empty(result.Arrivals);
        Assert.Equal(
            [
                "client: cluster1/foo/sleep with a sidecar",
                "dns: productpage.default.svc.cluster.local -> ClusterIP(productpage.default.svc.cluster.local) (sidecar DNS proxy)",
                "FAIL listener: productpage.default.svc.cluster.local declares no port 9999 (ports: 9080)",
            ],
            Steps(result));
    }

    [Fact]
    public void AnAddressNoServiceHoldsHasNoListener()
    {
        // A CoreDNS block answering ghost.bar.global with an address no Service or ServiceEntry of cluster1 has.
        var (_, _, model) = TrafficFixture.For(Configs.Seed, s => s.Name != "cluster1" ? s : s with { CorednsServerBlock = "global:53 {\n    hosts {\n        240.0.0.99 ghost.bar.global\n    }\n}\n" });
        var result = model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "ghost.bar.global", 80));

        Assert.Empty(result.Arrivals);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(("listener", FailureKind.NoListener, "no service in cluster1 has address 240.0.0.99; the sidecar passes the connection through, out of the mesh"), (failure.Step, failure.Kind, failure.Reason));
    }

    [Fact]
    public void AMeshAddressFromAPodWithoutASidecarFailsAtTheNetwork()
    {
        var (_, _, model) = TrafficFixture.For(Configs.Seed, state => state.Name != "cluster1" ? state : TrafficFixture.Replace(state, "Namespace", "foo", ns =>
            new KubeObject("v1", "Namespace", ObjectMeta.Named("foo"), MapNode.Empty).ToNode()));
        var failure = Assert.Single(model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000)).Failures);

        Assert.Equal(("network", FailureKind.MeshAddressWithoutSidecar), (failure.Step, failure.Kind));
    }

    [Fact]
    public void ARequestNoRuleMatchesFailsAtTheRoute()
    {
        var route = "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"VirtualService\", \"metadata\": { \"name\": \"jason-only\", \"namespace\": \"default\" }, \"spec\": { \"hosts\": [\"details\"], \"http\": [ { \"match\": [ { \"headers\": { \"end-user\": { \"exact\": \"jason\" } } } ], \"route\": [ { \"destination\": { \"host\": \"details\" } } ] } ] } }";
        var failure = Assert.Single(With("cluster1", route).Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "details", 9080)).Failures);

        Assert.Equal(("route", "no rule of the VirtualService matches the request: Envoy answers 404 (NR)"), (failure.Step, failure.Reason));
    }
}
