using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, TrafficModel.Ingress.cs survivors 11369, 11391, 11395 to 11400, 11404 and 11423 (the fifth
/// session's run): what `meshinfra trace --explain` prints inside an ingress gateway pod (the servers listening
/// on the pod port, the rule the virtual host picks) and the step each refusal there is reported at. The texts
/// are written out, never rebuilt through the model. A request from outside to cluster2's ingress gateway.
/// </summary>
public sealed class IngressTraceTextMutantTests
{
    private const string IngressPod = "cluster2/istio-ingress/istio-ingressgateway";

    private static TrafficModel Cluster2(Func<ClusterState, ClusterState>? edit, params string[] objects) =>
        TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster2" ? s : Added(edit?.Invoke(s) ?? s, objects)).Model;

    private static ClusterState Added(ClusterState s, string[] objects) => s with { Objects = s.Objects.AddRange(objects.Select(ObjectText.Parse)) };

    private static TraceRequest External(string host, int port, string path = "/status/200") =>
        TraceRequest.FromOutside("cluster2", host, port, path, ImmutableSortedDictionary<string, string>.Empty);

    private static string Hop(TraceHop h) => $"{h.Depth} {h.Step} | {h.Detail}";

    private static (string Step, string Reason) OnlyFailure(TraceResult result)
    {
        Assert.Empty(result.Arrivals);
        var failure = Assert.Single(result.Failures);
        return (failure.Step, failure.Reason);
    }

    /// <summary>httpbin-gateway with its selector and server protocol changed.</summary>
    private static Func<ClusterState, ClusterState> HttpbinGateway(string selector, string protocol) => s => TrafficFixture.Replace(s, "Gateway", "httpbin-gateway", g =>
    {
        var spec = (MapNode)g["spec"]!;
        var server = (MapNode)((ListNode)spec["servers"]!).Items[0];
        server = TrafficFixture.With(server, "port", TrafficFixture.With((MapNode)server["port"]!, "protocol", protocol));
        spec = TrafficFixture.With(TrafficFixture.With(spec, "servers", ListNode.Of(server)), "selector", MapNode.Of(("istio", selector)));
        return TrafficFixture.With(g, "spec", spec);
    });

    private const string TwoHostGateway = """
        { "apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": { "name": "web", "namespace": "bar" },
          "spec": { "selector": { "istio": "ingressgateway" }, "servers": [ { "port": { "number": 80, "name": "http-web", "protocol": "HTTP" }, "hosts": [ "a.example.com", "bar/b.example.com" ] } ] } }
        """;

    /// <summary>
    /// Mutants 11395 to 11400, 11423: the gateway hop names the pod, its port and every plain-HTTP server listening
    /// there (two, one with two hosts, so both separators are read), and the route hop the virtual host and rule.
    /// </summary>
    [Fact]
    public void TheGatewayHopNamesEveryServerOnThePodPortAndTheRouteHopTheRule()
    {
        var result = Cluster2(null, TwoHostGateway).Trace(External("httpbin.example.com", 80));

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(
        [
            $"1 gateway | {IngressPod} listens on 80 for bar/httpbin-gateway (port 80 HTTP, hosts httpbin.example.com); bar/web (port 80 HTTP, hosts a.example.com bar/b.example.com)",
            "1 route | host httpbin.example.com, rule 0 (uri prefix '/status' or uri prefix '/delay')",
        ], result.Hops.Where(h => h.Step is "gateway" or "route").Select(Hop));
        Assert.Empty(Cluster2(null, TwoHostGateway).Trace(External("httpbin.example.com", 80), explain: false).Hops);
    }

    /// <summary>Mutant 11369: an ingress pod no Gateway selects is refused at the gateway step.</summary>
    [Fact]
    public void APodNoGatewaySelectsIsRefusedAtTheGatewayStep()
    {
        var (step, reason) = OnlyFailure(Cluster2(HttpbinGateway("nowhere", "HTTP")).Trace(External("httpbin.example.com", 80)));

        Assert.Equal("gateway", step);
        Assert.StartsWith($"no Gateway selects {IngressPod}", reason, StringComparison.Ordinal);
    }

    /// <summary>Mutant 11391: a server the model does not trace (TCP) is reported at the gateway step.</summary>
    [Fact]
    public void AnUntracedServerIsReportedAtTheGatewayStep() =>
        Assert.Equal(
            ("gateway", "bar/httpbin-gateway port 80 is TCP: the model traces plain HTTP requests only"),
            OnlyFailure(Cluster2(HttpbinGateway("ingressgateway", "TCP")).Trace(External("httpbin.example.com", 80))));

    /// <summary>Mutant 11404: a Host no virtual host serves, and a port no VirtualService is bound to, are refused at the host step.</summary>
    [Fact]
    public void AnUnservedHostIsRefusedAtTheHostStep()
    {
        Assert.Equal(
            ("host", "Host 'other.example.org' matches no virtual host on port 80 (hosts: httpbin.example.com): Envoy answers 404 (NR)"),
            OnlyFailure(Cluster2(null).Trace(External("other.example.org", 80))));

        var unbound = OnlyFailure(Cluster2(s => TrafficFixture.Replace(s, "VirtualService", "httpbin", v => TrafficFixture.With(v, "spec", TrafficFixture.With((MapNode)v["spec"]!, "gateways", ListNode.Of("mesh")))))
            .Trace(External("httpbin.example.com", 80)));
        Assert.Equal(
            ("host", "no VirtualService bound to bar/httpbin-gateway has a host its servers list: the only virtual host on port 80 is the 404 blackhole"),
            unbound);
    }
}
