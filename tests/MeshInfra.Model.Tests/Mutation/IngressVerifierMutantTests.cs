using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, Traffic/IngressVerifier.cs survivors: the request verify sends for each Gateway host and each
/// rule bound to a gateway (host, path, headers sampled from regexes), the rules it cannot sample (listed, not
/// failed), and the verdict when a rule's request lands where the rule says.
/// </summary>
public sealed class IngressVerifierMutantTests
{
    private static MapNode Obj(string json) => Support.ObjectText.Parse(json);

    private static string Rule(string match, string route) =>
        "{ " + (match.Length == 0 ? "" : "\"match\": [ " + match + " ], ") + "\"route\": [ " + route + " ] }";

    private const string ToHttpbin = "{ \"destination\": { \"host\": \"httpbin\" } }";

    /// <summary>A Gateway for lab.example.com on cluster2's ingress, and a VirtualService with rules of every sampling kind.</summary>
    private static readonly string[] Lab =
    [
        """{ "apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": { "name": "lab-gateway", "namespace": "bar" }, "spec": { "selector": { "istio": "ingressgateway" }, "servers": [ { "port": { "number": 80, "name": "http", "protocol": "HTTP" }, "hosts": [ "lab.example.com" ] } ] } }""",
        """{ "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "lab", "namespace": "bar" }, "spec": { "hosts": [ "lab.example.com" ], "gateways": [ "lab-gateway" ], "http": [ """
        + string.Join(", ",
            Rule("""{ "headers": { "x-user": { "regex": "(ann|bob)" } } }""", ToHttpbin),
            Rule("""{ "uri": { "regex": ".*status/200" } }""", ToHttpbin),
            Rule("""{ "uri": { "regex": "/api/v[0-9]+" } }""", ToHttpbin),
            Rule("""{ "headers": { "x-id": { "regex": "[0-9]{3}" } } }""", ToHttpbin),
            Rule("""{ "headers": { "x-team": { "exact": "blue" } }, "uri": { "exact": "/blue" } }""", ToHttpbin),
            Rule("""{ "uri": { "regex": "/delay/.*" } }""", ToHttpbin),
            Rule("", """{ "destination": { "host": "httpbin" }, "weight": 50 }, { "destination": { "host": "ratings.default.svc.cluster.local", "port": { "number": 9080 } }, "weight": 50 }"""))
        + " ] } }",
    ];

    private static IReadOnlyList<VerifyCase> Verify(string config, string cluster, params string[] objects)
    {
        var (spec, _, model) = TrafficFixture.For(config, s => s.Name != cluster ? s : s with { Objects = s.Objects.AddRange(objects.Select(Obj)) });
        return [.. MeshVerifier.Verify(spec, model).Where(c => c.Request.External)];
    }

    private static string Row(VerifyCase c) =>
        $"{c.Label} | {c.Request.Host} {c.Request.Path}{string.Concat(c.Request.Headers.Select(h => $" {h.Key}={h.Value}"))} | {(c.Passed ? "ok" : "FAIL " + string.Join("; ", c.Problems.Select(p => p.Text)))} | {c.Service}";

    /// <summary>
    /// Mutants 9195, 9197-9210, 9212, 9214, 9234, 9238: each rule's request (path "/" without a uri match, the
    /// header a regex's first alternative gives, a regex uri's own text made a path) reaches what the rule names;
    /// a regex with no simple reading is listed as not exercised; a split rule names both hosts.
    /// </summary>
    [Fact]
    public void EachGatewayRuleIsSampledAndReachesWhatItNames()
    {
        var cases = Verify(Configs.BothIngresses, "cluster2", Lab).Where(c => c.Request.Host.StartsWith("lab.", StringComparison.Ordinal) || c.Case.Contains("bar/lab", StringComparison.Ordinal)).ToList();
        const string Httpbin = "httpbin.bar.svc.cluster.local";
        Assert.Equal(
            [
                $"ingress host lab.example.com of bar/lab-gateway | lab.example.com / x-user=ann | ok | {Httpbin}",
                $"ingress rule 0 of bar/lab | lab.example.com / x-user=ann | ok | {Httpbin}",
                $"ingress rule 1 of bar/lab | lab.example.com /.*status/200 | ok | {Httpbin}",
                $"ingress rule 2 of bar/lab (not exercised: {VerifyMessages.NoSamplePath().Text}) | lab.example.com / | ok | {Httpbin}",
                $"ingress rule 3 of bar/lab (not exercised: {VerifyMessages.NoSamplePath().Text}) | lab.example.com / | ok | {Httpbin}",
                $"ingress rule 4 of bar/lab | lab.example.com /blue x-team=blue | ok | {Httpbin}",
                $"ingress rule 5 of bar/lab | lab.example.com /delay/.* | ok | {Httpbin}",
                $"ingress rule 6 of bar/lab | lab.example.com / | ok | {Httpbin}, ratings.default.svc.cluster.local",
            ],
            cases.Select(Row));
        Assert.All(cases, c => Assert.False(c.MustStayLocal));
    }

    /// <summary>
    /// Mutants 9184, 9186, 9187, 9189, 9191, 9237, 9252, 9253, 9216, 9240: a host pattern is sent as a concrete
    /// Host (<c>*</c> as meshinfra-verify.example, <c>*.example.com</c> as meshinfra-verify.example.com); the
    /// 404 case names no service; verify traces without the explanation (the CLI re-traces a failed case to explain it).
    /// </summary>
    [Fact]
    public void AHostPatternIsSentAsAConcreteHost()
    {
        var wildcard = TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster2" ? s : TrafficFixture.Replace(
            TrafficFixture.Replace(s, "Gateway", "httpbin-gateway", g =>
            {
                var spec = (MapNode)g["spec"]!;
                var server = (MapNode)((ListNode)spec["servers"]!).Items[0];
                return TrafficFixture.With(g, "spec", TrafficFixture.With(spec, "servers", ListNode.Of(TrafficFixture.With(server, "hosts", ListNode.Of("*.example.com")))));
            }),
            "VirtualService", "httpbin", v => TrafficFixture.With(v, "spec", TrafficFixture.With((MapNode)v["spec"]!, "hosts", ListNode.Of("*.example.com")))));
        var cases = MeshVerifier.Verify(wildcard.Spec, wildcard.Model).Where(c => c.Request.External).ToList();
        Assert.Equal(
            [
                "ingress host * of default/bookinfo-gateway | meshinfra-verify.example /productpage | ok | productpage.default.svc.cluster.local",
                "ingress rule 0 match 0 of default/bookinfo | meshinfra-verify.example /productpage | ok | productpage.default.svc.cluster.local",
                "ingress rule 0 match 1 of default/bookinfo | meshinfra-verify.example /static | ok | productpage.default.svc.cluster.local",
                "ingress rule 0 match 2 of default/bookinfo | meshinfra-verify.example /login | ok | productpage.default.svc.cluster.local",
                "ingress rule 0 match 3 of default/bookinfo | meshinfra-verify.example /logout | ok | productpage.default.svc.cluster.local",
                "ingress rule 0 match 4 of default/bookinfo | meshinfra-verify.example /api/v1/products | ok | productpage.default.svc.cluster.local",
                "ingress 404: no rule matches | meshinfra-verify.example /meshinfra-verify-no-route | ok | ",
                "ingress host *.example.com of bar/httpbin-gateway | meshinfra-verify.example.com /status | ok | httpbin.bar.svc.cluster.local",
                "ingress rule 0 match 0 of bar/httpbin | meshinfra-verify.example.com /status | ok | httpbin.bar.svc.cluster.local",
                "ingress rule 0 match 1 of bar/httpbin | meshinfra-verify.example.com /delay | ok | httpbin.bar.svc.cluster.local",
                "ingress 404: no rule matches | meshinfra-verify.example.com /meshinfra-verify-no-route | ok | ",
            ],
            cases.Select(Row));
        Assert.All(cases, c => Assert.False(c.MustStayLocal));
        Assert.All(cases, c => Assert.Empty(c.Result.Hops));
    }
}
