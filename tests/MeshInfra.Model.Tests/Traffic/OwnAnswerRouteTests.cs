using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// HTTP rules that answer the request themselves: route.go TranslateRoute (1.30.3 and 1.31.0-rc.0) gives a rule with a
/// redirect ApplyRedirect, else one with a direct response ApplyDirectResponse, and only otherwise its destinations.
/// Envoy answers such a request at the proxy; no pod is reached, and on an ingress rule that is what the rule names.
/// </summary>
public sealed class OwnAnswerRouteTests
{
    private static MapNode Obj(string json) => Support.ObjectText.Parse(json);

    private const string LabGateway = """{ "apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": { "name": "lab-gateway", "namespace": "bar" }, "spec": { "selector": { "istio": "ingressgateway" }, "servers": [ { "port": { "number": 80, "name": "http", "protocol": "HTTP" }, "hosts": [ "lab.example.com" ] } ] } }""";

    private const string Lab = """{ "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "lab", "namespace": "bar" }, "spec": { "hosts": [ "lab.example.com" ], "gateways": [ "lab-gateway" ], "http": [ { "match": [ { "uri": { "prefix": "/old" } } ], "redirect": { "uri": "/new" } }, { "match": [ { "uri": { "prefix": "/gone" } } ], "directResponse": { "status": 410 } }, { "route": [ { "destination": { "host": "httpbin" } } ] } ] } }""";

    private static string Row(VerifyCase c) =>
        $"{c.Label} | {c.Request.Host} {c.Request.Path} | {(c.Passed ? "ok" : "FAIL " + string.Join("; ", c.Problems.Select(p => p.Text)))} | {c.Service}";

    [Fact]
    public void AnIngressRuleWithARedirectOrADirectResponsePassesVerifyWhenTheGatewayAnswers()
    {
        var (spec, _, model) = TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster2" ? s : s with { Objects = s.Objects.AddRange(Obj(LabGateway), Obj(Lab)) });
        var cases = MeshVerifier.Verify(spec, model).Where(c => c.Request.External && (c.Request.Host == "lab.example.com" || c.Case.Contains("bar/lab", StringComparison.Ordinal)));
        Assert.Equal(
            [
                "ingress host lab.example.com of bar/lab-gateway | lab.example.com /old | ok | its redirect",
                "ingress rule 0 of bar/lab | lab.example.com /old | ok | its redirect",
                "ingress rule 1 of bar/lab | lab.example.com /gone | ok | its direct response",
                "ingress rule 2 of bar/lab | lab.example.com / | ok | httpbin.bar.svc.cluster.local",
            ], cases.Select(Row));
    }

    [Fact]
    public void ARedirectRuleStillFailsAnIngressCaseWhenAPodAnswersIt()
    {
        // The same rule, but the gateway's VirtualService order puts another one's route to httpbin first for /old.
        const string Earlier = """{ "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "aaa", "namespace": "bar", "creationTimestamp": "2020-01-01T00:00:00Z" }, "spec": { "hosts": [ "lab.example.com" ], "gateways": [ "lab-gateway" ], "http": [ { "match": [ { "uri": { "prefix": "/old" } } ], "route": [ { "destination": { "host": "httpbin" } } ] } ] } }""";
        var (spec, _, model) = TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster2" ? s : s with { Objects = s.Objects.AddRange(Obj(LabGateway), Obj(Earlier), Obj(Lab)) });
        var redirect = Assert.Single(MeshVerifier.Verify(spec, model), c => c.Case.StartsWith("ingress rule 0 of bar/lab", StringComparison.Ordinal) && c.Case.EndsWith("bar/lab", StringComparison.Ordinal));
        Assert.False(redirect.Passed);
        Assert.Contains(redirect.Problems, p => p.Kind == VerifyProblemKind.WrongService);
    }

    [Fact]
    public void AMeshRuleWithADirectResponseAnswersAtTheSidecarAndTheTraceSaysSo()
    {
        const string Teapot = """{ "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "teapot", "namespace": "default" }, "spec": { "hosts": [ "ratings.default.global" ], "http": [ { "directResponse": { "status": 418 } } ] } }""";
        var (_, _, model) = TrafficFixture.For(Configs.Seed, s => s.Name != "cluster1" ? s : s with { Objects = s.Objects.Add(Obj(Teapot)) });
        var result = model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "ratings.default.global", 9080), explain: true);
        Assert.Empty(result.Arrivals);
        Assert.Empty(result.Failures);
        Assert.Contains(result.Hops, h => h.Step == "route" && h.Detail == "rule 0 (every request): answered with its direct response, forwarded to no pod");
    }
}
