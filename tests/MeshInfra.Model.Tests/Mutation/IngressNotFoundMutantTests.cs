using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, Traffic/IngressVerifier.cs survivors of the 9f80ae2 run: the 404 case's verdict when the gateway pods
/// behind one Service disagree (some answer the unrouted path, some refuse the port), and the service a rule's
/// destination host stands for.
/// </summary>
public sealed class IngressNotFoundMutantTests
{
    /// <summary>Another pod of the ingress gateway Service (its selector app/istio), with one more label some Gateways select by.</summary>
    private static string IngressPod(string name, string extra) =>
        "{ \"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"istio-ingress\", \"labels\": { \"app\": \"istio-ingressgateway\", \"istio\": \"ingressgateway\", \"extra\": \""
        + extra + "\" } }, \"spec\": { } }";

    /// <summary>A Gateway in bar selecting istio=ingressgateway pods (and extra=<paramref name="extra"/> unless null).</summary>
    private static string Gateway(string name, string? extra, int port, string host) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Gateway\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"bar\" }, \"spec\": { \"selector\": { \"istio\": \"ingressgateway\""
        + (extra is null ? "" : ", \"extra\": \"" + extra + "\"") + " }, \"servers\": [ { \"port\": { \"number\": " + port + ", \"name\": \"http\", \"protocol\": \"HTTP\" }, \"hosts\": [ \"" + host + "\" ] } ] } }";

    private static string Route(string name, string gateway, string host, string match, string destination) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"VirtualService\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"bar\" }, \"spec\": { \"hosts\": [ \""
        + host + "\" ], \"gateways\": [ \"" + gateway + "\" ], \"http\": [ { " + (match.Length == 0 ? "" : "\"match\": [ " + match + " ], ") + "\"route\": [ { \"destination\": " + destination + " } ] } ] } }";

    private static List<VerifyCase> Verify(params string[] objects)
    {
        var (spec, _, model) = TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster2" ? s : s with { Objects = s.Objects.AddRange(objects.Select(Support.ObjectText.Parse)) });
        return [.. MeshVerifier.Verify(spec, model).Where(c => c.Request.External)];
    }

    private static string Row(VerifyCase c) =>
        $"{c.Label} | {c.Request.Port} {c.Request.Host} {c.Request.Path} | {(c.Passed ? "ok" : "FAIL " + string.Join("; ", c.Problems.Select(p => p.Text)))} | {c.Service} | {c.Result.SharesText}";

    private const string Refused = "gateway: no server of the Gateways selecting cluster2/istio-ingress/istio-ingressgateway listens on its port 443 (servers: bar/httpbin-gateway port 80 -> 80): the connection is refused [cluster2 Gateway bar/httpbin-gateway]";

    private static readonly string[] OnePodServesD =
    [
        IngressPod("ingress-one", "one"),
        Gateway("d-gateway", "one", 443, "d.example.com"),
        Route("d", "d-gateway", "d.example.com", """{ "uri": { "prefix": "/d" } }""", """{ "host": "httpbin" }"""),
    ];

    /// <summary>
    /// Mutant 9245: d.example.com is served on 443 by only one of the Service's two gateway pods; the chart's pod has no
    /// server there and refuses. The unrouted path is answered by neither (a 404 on one pod, a refusal on the other), so
    /// the 404 case passes, while the host and rule cases fail on the refusal.
    /// </summary>
    [Fact]
    public void TheNotFoundCasePassesWhenNoPodAnswersThoughOneRefusesThePort()
    {
        var cases = Verify(OnePodServesD).Where(c => c.Request.Host == "d.example.com").ToList();
        Assert.Equal(
            [
                "ingress host d.example.com of bar/d-gateway | 443 d.example.com /d | FAIL " + Refused + " | httpbin.bar.svc.cluster.local | cluster2 v1 50%",
                "ingress rule 0 of bar/d | 443 d.example.com /d | FAIL " + Refused + " | httpbin.bar.svc.cluster.local | cluster2 v1 50%",
                "ingress 404: no rule matches | 443 d.example.com /meshinfra-verify-no-route | ok |  | ",
            ],
            cases.Select(Row));
    }

    /// <summary>
    /// Mutant 9243: a third gateway pod serves "*" on the same port by a catch-all rule, so a third of the requests to
    /// d.example.com's unrouted path are answered (Envoy's virtual host "*" on that pod): the 404 case fails naming it.
    /// </summary>
    [Fact]
    public void TheNotFoundCaseFailsWhenAnotherPodAnswersTheUnroutedPath()
    {
        var cases = Verify([.. OnePodServesD, IngressPod("ingress-two", "two"), Gateway("e-gateway", "two", 443, "*"), Route("e", "e-gateway", "*", "", """{ "host": "httpbin" }""")])
            .Where(c => c.Case.StartsWith("ingress 404", StringComparison.Ordinal) && c.Request.Port == 443).ToList();
        Assert.Equal(
            [
                "ingress 404: no rule matches | 443 d.example.com /meshinfra-verify-no-route | FAIL a path no rule names reaches cluster2/bar/httpbin (v1); Envoy would answer it, not 404 |  | cluster2 v1 33.33%",
            ],
            cases.Select(Row));
    }

    /// <summary>
    /// Mutants 9255, 9258: a rule's destination host stands for the service its first two labels name. httpbin.bar (a
    /// ServiceEntry whose endpoint is httpbin's Service) is httpbin of bar, so its case passes; a destination <c>*</c>
    /// (which Istio's validation refuses, but an --objects file may hold) names no service: its cases fail on the
    /// trace's unknown host, without a crash.
    /// </summary>
    [Fact]
    public void ADestinationHostStandsForTheServiceItsFirstTwoLabelsName()
    {
        const string Alias = """{ "apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "metadata": { "name": "httpbin-alias", "namespace": "bar" }, "spec": { "hosts": [ "httpbin.bar" ], "location": "MESH_INTERNAL", "resolution": "DNS", "ports": [ { "number": 8000, "name": "http", "protocol": "HTTP" } ], "endpoints": [ { "address": "httpbin.bar.svc.cluster.local" } ] } }""";
        var cases = Verify(
                Alias,
                Gateway("f-gateway", null, 80, "f.example.com"),
                Route("f", "f-gateway", "f.example.com", """{ "uri": { "prefix": "/alias" } }""", """{ "host": "httpbin.bar", "port": { "number": 8000 } }"""),
                Route("f-star", "f-gateway", "f.example.com", """{ "uri": { "prefix": "/star" } }""", """{ "host": "*" }"""))
            .Where(c => c.Request.Host == "f.example.com").ToList();
        Assert.Equal(
            [
                "ingress host f.example.com of bar/f-gateway | 80 f.example.com /alias | ok | httpbin.bar | cluster2 v1 100%",
                "ingress rule 0 of bar/f | 80 f.example.com /alias | ok | httpbin.bar | cluster2 v1 100%",
                "ingress rule 0 of bar/f-star | 80 f.example.com /star | FAIL destination: * is no service in cluster2: Envoy answers 503 | * | ",
            ],
            cases.Select(Row));
    }
}
