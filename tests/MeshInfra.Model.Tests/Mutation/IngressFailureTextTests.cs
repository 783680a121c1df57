using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, FailureMessages.cs survivors on the way in: the exact words a platform engineer reads when a
/// request to an ingress gateway stops, from real traces over the seed stack with an ingress in cluster2 and
/// the Gateways and VirtualServices a user adds. The texts are written out here, never rebuilt through
/// <see cref="FailureMessages"/> (a test that asks the catalogue what it says cannot catch it saying the
/// wrong thing), and every list in a message has two entries, so each separator is read.
/// </summary>
public sealed class IngressFailureTextTests
{
    private const string Cluster2Ingress = "${cluster2.ingressAddress}";

    private const string IngressPod = "cluster2/istio-ingress/istio-ingressgateway";

    private static TrafficModel Cluster2(Func<ClusterState, ClusterState>? edit, params string[] objects) =>
        TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster2" ? s : Added(edit?.Invoke(s) ?? s, objects)).Model;

    private static ClusterState Added(ClusterState s, string[] objects) => s with { Objects = s.Objects.AddRange(objects.Select(ObjectText.Parse)) };

    private static TraceRequest External(string host, int port, string path = "/status/200", params (string Name, string Value)[] headers) =>
        TraceRequest.FromOutside("cluster2", host, port, path, headers.ToImmutableSortedDictionary(h => h.Name, h => h.Value, StringComparer.Ordinal));

    private static TraceFailure OnlyFailure(TraceResult result)
    {
        Assert.Empty(result.Arrivals);
        return Assert.Single(result.Failures);
    }

    /// <summary>A Gateway in bar with one plain-HTTP server on <paramref name="port"/> for <paramref name="hosts"/>, selecting pods labelled <c>istio: selector</c>.</summary>
    private static string Gateway(string name, string selector, int port, params string[] hosts) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Gateway\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"bar\" }, \"spec\": { \"selector\": { \"istio\": \""
        + selector + "\" }, \"servers\": [ { \"port\": { \"number\": " + port + ", \"name\": \"http\", \"protocol\": \"HTTP\" }, \"hosts\": [ "
        + string.Join(", ", hosts.Select(h => "\"" + h + "\"")) + " ] } ] } }";

    /// <summary>A VirtualService in bar bound to <paramref name="gateway"/> for <paramref name="host"/>: one rule (<paramref name="match"/>, JSON or null) to httpbin.</summary>
    private static string VirtualService(string name, string host, string gateway, string? match) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"VirtualService\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"bar\" }, \"spec\": { \"hosts\": [ \""
        + host + "\" ], \"gateways\": [ \"" + gateway + "\" ], \"http\": [ { " + (match is null ? "" : "\"match\": [ " + match + " ], ")
        + "\"route\": [ { \"destination\": { \"host\": \"httpbin.bar.svc.cluster.local\", \"port\": { \"number\": 8000 } } } ] } ] } }";

    private static ClusterState Registry(ClusterState s, string mode)
    {
        var istiod = s.ReleaseValues["istiod"];
        var mesh = TrafficFixture.With((MapNode)istiod["meshConfig"]!, "outboundTrafficPolicy", MapNode.Of(("mode", mode)));
        return s with { ReleaseValues = s.ReleaseValues.SetItem("istiod", TrafficFixture.With(istiod, "meshConfig", mesh)) };
    }

    /// <summary>
    /// Mutants 8805, 8806, and a wrong fix found reading the text: a Sidecar's own outboundTrafficPolicy overrides
    /// meshConfig's (pilot/pkg/model/sidecar.go, initSidecarScopeInternalIndexes, 1.30.3 and 1.31.0-rc.0), so where
    /// the Sidecar says REGISTRY_ONLY under meshConfig's ALLOW_ANY the fix is in the Sidecar, and the text says so.
    /// </summary>
    [Fact]
    public void APodsRequestToTheIngressAddressUnderRegistryOnlyNamesWhatDecidedAndItsFix()
    {
        var request = TrafficFixture.Request("cluster1/foo/sleep", Cluster2Ingress, 80, ("Host", "httpbin.example.com")) with { Path = "/status/200" };
        var meshWide = OnlyFailure(TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster1" ? s : Registry(s, "REGISTRY_ONLY")).Model.Trace(request));
        Assert.Equal(
            ("passthrough", null, "${cluster2.ingressAddress}:80 is no service of cluster1's registry, and outboundTrafficPolicy is REGISTRY_ONLY: "
                + "the sidecar sends it to BlackHoleCluster (set meshConfig.outboundTrafficPolicy.mode ALLOW_ANY, or a ServiceEntry for the address)"),
            (meshWide.Step, meshWide.At?.ToString(), meshWide.Reason));

        const string Sidecar = """
            { "apiVersion": "networking.istio.io/v1", "kind": "Sidecar", "metadata": { "name": "closed", "namespace": "foo" },
              "spec": { "egress": [ { "hosts": [ "*/*" ] } ], "outboundTrafficPolicy": { "mode": "REGISTRY_ONLY" } } }
            """;
        var bySidecar = OnlyFailure(TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster1" ? s : s with { Objects = s.Objects.Add(ObjectText.Parse(Sidecar)) }).Model.Trace(request));
        Assert.Equal(
            ("passthrough", "cluster1 Sidecar foo/closed", "${cluster2.ingressAddress}:80 is no service of cluster1's registry, and the client's Sidecar foo/closed sets outboundTrafficPolicy REGISTRY_ONLY: "
                + "the sidecar sends it to BlackHoleCluster (set that Sidecar's outboundTrafficPolicy.mode ALLOW_ANY, or a ServiceEntry for the address)"),
            (bySidecar.Step, bySidecar.At?.ToString(), bySidecar.Reason));
    }

    /// <summary>Mutant 8809: the gateway Service's ports, comma-separated.</summary>
    [Fact]
    public void APortTheIngressServiceDoesNotExposeListsItsPorts() =>
        Assert.Equal(
            "istio-ingressgateway.istio-ingress.svc.cluster.local exposes no port 8080 (ports: 15021, 80, 443): the connection is refused",
            OnlyFailure(Cluster2(null).Trace(External("httpbin.example.com", 8080))).Reason);

    /// <summary>Mutants 8811 to 8814: every server of the Gateways selecting the pod, with the pod port it listens on.</summary>
    [Fact]
    public void APodPortNoServerListensOnListsEveryServerOfTheSelectingGateways() =>
        Assert.Equal(
            $"no server of the Gateways selecting {IngressPod} listens on its port 443 (servers: bar/httpbin-gateway port 80 -> 80, bar/web-8080 port 8080 -> 8080): the connection is refused",
            OnlyFailure(Cluster2(null, Gateway("web-8080", "ingressgateway", 8080, "*")).Trace(External("httpbin.example.com", 443))).Reason);

    /// <summary>
    /// Mutants 8823, 8894, 8899 to 8901: no VirtualService bound to the two Gateways on the port, and the two
    /// Gateways for the host that select no gateway pod, each named with its selector.
    /// </summary>
    [Fact]
    public void NoBoundVirtualServiceNamesBothGatewaysAndEachIdleGateway()
    {
        var model = Cluster2(
            s => TrafficFixture.Replace(s, "VirtualService", "httpbin", v => TrafficFixture.With(v, "spec", TrafficFixture.With((MapNode)v["spec"]!, "gateways", ListNode.Of("mesh")))),
            Gateway("second", "ingressgateway", 80, "second.example.com"),
            Gateway("idle-a", "nowhere", 80, "*.example.com"),
            Gateway("idle-b", "elsewhere", 80, "httpbin.example.com"));
        Assert.Equal(
            "no VirtualService bound to bar/httpbin-gateway, bar/second has a host its servers list: the only virtual host on port 80 is the 404 blackhole"
            + "; Gateway bar/idle-a selects {istio: nowhere}, which no gateway pod carries; Gateway bar/idle-b selects {istio: elsewhere}, which no gateway pod carries",
            OnlyFailure(model.Trace(External("httpbin.example.com", 80))).Reason);
    }

    /// <summary>Mutants 8825, 8895, 8898: both virtual hosts of the port, and nothing after the 404 where no idle Gateway would take the host.</summary>
    [Fact]
    public void AHostNoVirtualHostServesListsEveryVirtualHostAndNoIdleGateway()
    {
        var model = Cluster2(
            null,
            Gateway("second", "ingressgateway", 80, "second.example.com"),
            VirtualService("second", "second.example.com", "second", null),
            Gateway("idle-a", "nowhere", 80, "*.example.com"));
        Assert.Equal(
            "Host 'other.example.org' matches no virtual host on port 80 (hosts: httpbin.example.com, second.example.com): Envoy answers 404 (NR)",
            OnlyFailure(model.Trace(External("other.example.org", 80))).Reason);
    }

    /// <summary>Mutants 8827 to 8833: every rule tried, from both VirtualServices of the host, and whether the request's headers were part of it.</summary>
    [Fact]
    public void APathNoRuleMatchesListsEveryRuleTriedAndSaysWhetherHeadersCame()
    {
        var model = Cluster2(null, VirtualService("httpbin-canary", "httpbin.example.com", "httpbin-gateway", """{ "headers": { "x-canary": { "exact": "1" } } }"""));
        const string Rules = "(bar/httpbin rule 0: uri prefix '/status' or uri prefix '/delay'; bar/httpbin-canary rule 0: x-canary exact '1'): Envoy answers 404 (NR)";

        var plain = OnlyFailure(model.Trace(External("httpbin.example.com", 80, "/headers")));
        Assert.Equal(("route", "no rule for host httpbin.example.com matches /headers " + Rules), (plain.Step, plain.Reason));

        var withHeaders = OnlyFailure(model.Trace(External("httpbin.example.com", 80, "/headers", ("X-Debug", "1"))));
        Assert.Equal("no rule for host httpbin.example.com matches /headers with these headers " + Rules, withHeaders.Reason);
    }
}
