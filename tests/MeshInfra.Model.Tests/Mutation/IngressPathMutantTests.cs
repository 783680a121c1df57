using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, Traffic/TrafficModel.Ingress.cs survivors: which ingress gateway Service and pods a request from
/// outside (or to the ingress address from a pod) enters, which port it reaches, what the trace says at each
/// hop, and which idle Gateways a 404 names.
/// </summary>
public sealed class IngressPathMutantTests
{
    private const string Cluster2Ingress = "${cluster2.ingressAddress}";

    private static MapNode Obj(string json) => Support.ObjectText.Parse(json);

    private static TrafficModel With(string cluster, params string[] objects) =>
        TrafficFixture.For(Configs.BothIngresses, s => s.Name != cluster ? s : s with { Objects = s.Objects.AddRange(objects.Select(Obj)) }).Model;

    private static TraceRequest Sleep(string address, int port) =>
        TrafficFixture.Request("cluster1/foo/sleep", address, port, ("Host", "httpbin.example.com")) with { Path = "/status/200" };

    private static TraceRequest External(string cluster, string host, int port, string path) =>
        TraceRequest.FromOutside(cluster, host, port, path, ImmutableSortedDictionary<string, string>.Empty);

    private static string Service(string name, string ns, string? selector, int port) =>
        "{ \"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"" + ns + "\" }, \"spec\": { "
        + (selector is null ? "" : "\"selector\": { \"istio\": \"" + selector + "\" }, ")
        + "\"ports\": [ { \"name\": \"http\", \"port\": " + port + ", \"targetPort\": " + port + " } ] } }";

    private static string Deployment(string name, string ns, string istioLabel) =>
        "{ \"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"" + ns + "\" }, \"spec\": { \"template\": { \"metadata\": { \"labels\": { \"istio\": \""
        + istioLabel + "\", \"sidecar.istio.io/inject\": \"false\" } }, \"spec\": { \"containers\": [ { \"name\": \"c\", \"image\": \"x\" } ] } } } }";

    private static string Gateway(string name, string selector, params string[] hosts) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Gateway\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"bar\" }, \"spec\": { \"selector\": { \"istio\": \""
        + selector + "\" }, \"servers\": [ { \"port\": { \"number\": 80, \"name\": \"http\", \"protocol\": \"HTTP\" }, \"hosts\": [ "
        + string.Join(", ", hosts.Select(h => "\"" + h + "\"")) + " ] } ] } }";

    /// <summary>Mutants 10861-10865, 10868-10872, 10885-10889, 10914-10919: the hops `trace` prints on each way in, and none without explain.</summary>
    [Fact]
    public void EachWayInSaysItsHopsWhenExplainedAndNoneOtherwise()
    {
        var model = TrafficFixture.For(Configs.BothIngresses).Model;
        var fromPod = model.Trace(Sleep(Cluster2Ingress, 80));
        Assert.True(fromPod.Succeeded, string.Join("; ", fromPod.Failures));
        Assert.Equal(
            [
                ("dns", "${cluster2.ingressAddress} is an address: no lookup"),
                ("network", "${cluster2.ingressAddress}:80 is cluster2's ingress gateway (Service port 80)"),
                ("ingress", "istio-ingressgateway.istio-ingress.svc.cluster.local:80 -> port 80 of cluster2/istio-ingress/istio-ingressgateway"),
            ],
            fromPod.Hops.Where(h => h.Step is "dns" or "network" or "ingress").Select(h => (h.Step, h.Detail)));

        var outside = model.Trace(External("cluster1", "bookinfo.example.com", 80, "/productpage"));
        Assert.Equal(
            [
                ("client", "outside the mesh, to cluster1's ingress gateway on port 80, Host bookinfo.example.com, path /productpage"),
                ("ingress", "istio-ingressgateway.istio-ingress.svc.cluster.local:80 -> port 80 of cluster1/istio-ingress/istio-ingressgateway"),
            ],
            outside.Hops.Where(h => h.Step is "client" or "dns" or "network" or "ingress").Select(h => (h.Step, h.Detail)));

        Assert.Empty(model.Trace(Sleep(Cluster2Ingress, 80), explain: false).Hops);
        Assert.Empty(model.Trace(External("cluster1", "bookinfo.example.com", 80, "/productpage"), explain: false).Hops);
    }

    /// <summary>Mutants 10858-10860 (an unknown cluster), 10878, 10905, 10910: the step each refusal is reported at.</summary>
    [Fact]
    public void EachRefusalNamesItsStep()
    {
        var model = TrafficFixture.For(Configs.BothIngresses).Model;
        var unknown = Assert.Single(model.Trace(External("cluster9", "bookinfo.example.com", 80, "/")).Failures);
        Assert.Equal(("client", FailureMessages.NoCluster("cluster9", ["cluster1", "cluster2"]).Text), (unknown.Step, unknown.Reason));

        var noIngress = Assert.Single(TrafficFixture.For(Configs.Seed).Model.Trace(External("cluster2", "httpbin.example.com", 80, "/status/200")).Failures);
        Assert.Equal((FailureKind.NoIngressGateway, "ingress"), (noIngress.Kind, noIngress.Step));

        var noPort = Assert.Single(model.Trace(External("cluster2", "httpbin.example.com", 8080, "/status/200")).Failures);
        Assert.Equal((FailureKind.NoIngressPort, "ingress"), (noPort.Kind, noPort.Step));

        var registryOnly = TrafficFixture.For(Configs.BothIngresses, s =>
        {
            if (s.Name != "cluster1")
            {
                return s;
            }

            var istiod = s.ReleaseValues["istiod"];
            var mesh = TrafficFixture.With((MapNode)istiod["meshConfig"]!, "outboundTrafficPolicy", MapNode.Of(("mode", "REGISTRY_ONLY")));
            return s with { ReleaseValues = s.ReleaseValues.SetItem("istiod", TrafficFixture.With(istiod, "meshConfig", mesh)) };
        }).Model;
        var blocked = Assert.Single(registryOnly.Trace(Sleep(Cluster2Ingress, 80)).Failures);
        Assert.Equal((FailureKind.PassthroughBlocked, "passthrough"), (blocked.Kind, blocked.Step));
    }

    /// <summary>
    /// Mutants 10846 and 10852: a load balancer answers every Service port, so a pod's request to the ingress
    /// address on 443 reaches Service port 443 (where no Gateway server listens), not port 80 and not the
    /// passthrough to an unknown address.
    /// </summary>
    [Fact]
    public void ALoadBalancersOtherPortReachesThatServicePort()
    {
        var model = TrafficFixture.For(Configs.BothIngresses).Model;
        var failure = Assert.Single(model.Trace(Sleep(Cluster2Ingress, 443)).Failures);
        Assert.Equal(FailureKind.NoGatewayServerOnPort, failure.Kind);
        Assert.Equal(FailureMessages.NoGatewayServerOnPort("cluster2/istio-ingress/istio-ingressgateway", 443, [("bar/httpbin-gateway", 80, 80)]).Text, failure.Reason);
    }

    /// <summary>Mutant 10848: a NodePort ingress is dialled at node:nodePort and reaches Service port 80 behind it.</summary>
    [Fact]
    public void ANodePortIngressReachesTheServicePortBehindIt()
    {
        var config = Configs.Seed.Replace(
            """{ "name": "cluster2", "context": "kind-cluster2", "network": "network2" }""",
            """{ "name": "cluster2", "context": "kind-cluster2", "network": "network2", "ingressGateway": { "addressMode": "nodePort", "nodeAddress": "192.0.2.20", "nodePort": 31080 } }""",
            StringComparison.Ordinal);
        var result = TrafficFixture.For(config).Model.Trace(Sleep("192.0.2.20", 31080));
        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(("cluster2", "httpbin"), (Assert.Single(result.Arrivals).Workload.Cluster, Assert.Single(result.Arrivals).Workload.App));
    }

    /// <summary>
    /// Mutants 10892, 10894, 10912: the way in is the gateway chart's Service (the first by host of those
    /// selecting an ingress pod) and only its pods; a later Service on the same pods, a selectorless Service
    /// in the gateway's namespace and another Deployment there change nothing.
    /// </summary>
    [Theory]
    [InlineData("zz-ingress", "ingressgateway", false)]
    [InlineData("aa-manual", null, false)]
    [InlineData(null, null, true)]
    public void OnlyTheGatewayChartsServiceAndPodsTakeTheRequest(string? service, string? selector, bool otherDeployment)
    {
        var objects = new List<string>();
        if (service is not null)
        {
            objects.Add(Service(service, "istio-ingress", selector, 9999));
        }

        if (otherDeployment)
        {
            objects.Add(Deployment("debug", "istio-ingress", "debug"));
        }

        var result = With("cluster2", [.. objects]).Trace(External("cluster2", "httpbin.example.com", 80, "/status/200"));
        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        var arrival = Assert.Single(result.Arrivals);
        Assert.Equal(("cluster2", "httpbin", 1.0), (arrival.Workload.Cluster, arrival.Workload.App, arrival.Share));
    }

    /// <summary>
    /// Mutants 11013, 11020, 11023: a Host no virtual host serves names the Gateways that would take it but
    /// select no ingress pod: one of whose hosts covers it, not one for other hosts only, and not one that
    /// selects a (second) ingress pod.
    /// </summary>
    [Fact]
    public void AnUnservedHostNamesOnlyTheIdleGatewaysThatWouldServeIt()
    {
        var model = With(
            "cluster2",
            Deployment("second-ingress", "istio-ingress", "second"),
            Gateway("idle-a", "nowhere", "other.example.com", "*.example.com"),
            Gateway("idle-b", "nowhere", "other.example.org"),
            Gateway("busy-c", "second", "*"));
        var request = TraceRequest.FromOutside("cluster2", "nomatch.example.com", 80, "/", ImmutableSortedDictionary<string, string>.Empty);
        var failure = Assert.Single(model.Trace(request).Failures);
        Assert.Equal(FailureKind.NoVirtualHostMatch, failure.Kind);
        Assert.Equal(
            FailureMessages.NoVirtualHostMatch("nomatch.example.com", 80, ["httpbin.example.com"], [("bar/idle-a", new Dictionary<string, string> { ["istio"] = "nowhere" })]).Text,
            failure.Reason);
    }

    /// <summary>Mutant 10919: the ingress hop names every pod of the gateway Service, comma-separated, and each takes its share.</summary>
    [Fact]
    public void TheIngressHopNamesEveryGatewayPod()
    {
        var canary = "{ \"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": { \"name\": \"canary\", \"namespace\": \"istio-ingress\" }, \"spec\": { \"template\": { \"metadata\": { \"labels\": "
            + "{ \"app\": \"istio-ingressgateway\", \"istio\": \"ingressgateway\" } }, \"spec\": { \"containers\": [ { \"name\": \"c\", \"image\": \"x\" } ] } } } }";
        var result = With("cluster2", canary).Trace(External("cluster2", "httpbin.example.com", 80, "/status/200"));
        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(
            "istio-ingressgateway.istio-ingress.svc.cluster.local:80 -> port 80 of cluster2/istio-ingress/canary, cluster2/istio-ingress/istio-ingressgateway",
            Assert.Single(result.Hops, h => h.Step == "ingress").Detail);
    }
}
