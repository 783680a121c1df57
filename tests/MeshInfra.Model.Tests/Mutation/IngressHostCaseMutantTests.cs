using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, Traffic/IngressVerifier.cs survivors of the 9f80ae2 run: the host case of a Gateway host whose rules
/// verify cannot sample (the false failure found there), a host no VirtualService serves, the gateway Service's port
/// a server is reached through, and the 404 case's verdict.
/// </summary>
public sealed class IngressHostCaseMutantTests
{
    /// <summary>Seed with cluster2's ingress gateway on too: httpbin (bar) runs there.</summary>
    private static MapNode Obj(string json) => Support.ObjectText.Parse(json);

    private static string Gateway(string name, int port, string host) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Gateway\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"bar\" }, \"spec\": { \"selector\": { \"istio\": \"ingressgateway\" }, \"servers\": [ { \"port\": { \"number\": "
        + port + ", \"name\": \"http\", \"protocol\": \"HTTP\" }, \"hosts\": [ \"" + host + "\" ] } ] } }";

    /// <summary>A VirtualService for <paramref name="host"/> on <paramref name="gateway"/> whose only rule matches uri regex <paramref name="regex"/> and goes to httpbin.</summary>
    private static string RegexOnly(string name, string gateway, string host, string regex) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"VirtualService\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"bar\" }, \"spec\": { \"hosts\": [ \""
        + host + "\" ], \"gateways\": [ \"" + gateway + "\" ], \"http\": [ { \"match\": [ { \"uri\": { \"regex\": \"" + regex + "\" } } ], \"route\": [ { \"destination\": { \"host\": \"httpbin\" } } ] } ] } }";

    private static List<VerifyCase> Verify(string config, string cluster, params string[] objects)
    {
        var (spec, _, model) = TrafficFixture.For(config, s => s.Name != cluster ? s : s with { Objects = s.Objects.AddRange(objects.Select(Obj)) });
        return [.. MeshVerifier.Verify(spec, model).Where(c => c.Request.External)];
    }

    private static string Row(VerifyCase c) =>
        $"{c.Label} | {c.Request.Port} {c.Request.Host} {c.Request.Path} | {(c.Passed ? "ok" : "FAIL " + string.Join("; ", c.Problems.Select(p => p.Text)))} | {c.Service} | {c.Result.SharesText}";

    private static List<string> Rows(IEnumerable<VerifyCase> cases, string host) =>
        [.. cases.Where(c => c.Request.Host == host || c.Case.Contains("bar/rx", StringComparison.Ordinal)).Select(Row)];

    /// <summary>
    /// The fix (mutants 9224, 9231, 9233 lived on the old path): a host whose only rule is a regex verify cannot sample
    /// (<c>/v[0-9]+|/</c>: none of its readings is accepted) but that takes "/" (RE2 full match of the second alternative).
    /// The host case sent "/" with no rule in mind and failed "reaches httpbin, which is not what a rule names"; Envoy
    /// routes "/" by that rule, so the case is checked against it and passes.
    /// </summary>
    [Fact]
    public void AHostWhoseOnlyRegexRuleTakesTheRootPathIsCheckedAgainstThatRule()
    {
        var cases = Verify(Configs.BothIngresses, "cluster2", Gateway("rx-gateway", 80, "rx.example.com"), RegexOnly("rx", "rx-gateway", "rx.example.com", "/v[0-9]+|/"));
        Assert.Equal(
            [
                "ingress host rx.example.com of bar/rx-gateway | 80 rx.example.com / | ok | httpbin.bar.svc.cluster.local | cluster2 v1 100%",
                $"ingress rule 0 of bar/rx (not exercised: {VerifyMessages.NoSamplePath().Text}) | 80 rx.example.com / | ok | httpbin.bar.svc.cluster.local | ",
            ],
            Rows(cases, "rx.example.com"));
    }

    /// <summary>
    /// The other half of the fix: a host whose only regex rule verify cannot sample and that does not take "/" either
    /// (<c>/v[0-9]+</c>). No request verify can derive is routed there, so the host case is listed as not exercised
    /// rather than failed on the 404 "/" gets (or passed).
    /// </summary>
    [Fact]
    public void AHostWhoseOnlyRegexRuleRefusesTheRootPathIsNotExercised()
    {
        var cases = Verify(Configs.BothIngresses, "cluster2", Gateway("rx-gateway", 80, "rx.example.com"), RegexOnly("rx", "rx-gateway", "rx.example.com", "/v[0-9]+"));
        Assert.Equal(
            [
                $"ingress host rx.example.com of bar/rx-gateway (not exercised: {VerifyMessages.NoSamplePath().Text}) | 80 rx.example.com / | ok | httpbin.bar.svc.cluster.local | ",
                $"ingress rule 0 of bar/rx (not exercised: {VerifyMessages.NoSamplePath().Text}) | 80 rx.example.com / | ok | httpbin.bar.svc.cluster.local | ",
            ],
            Rows(cases, "rx.example.com"));
        Assert.All(cases.Where(c => c.Request.Host == "rx.example.com" && !c.Exercised), c => Assert.Empty(c.Result.Failures));
    }

    /// <summary>
    /// With a sample the host case goes to the first rule that takes it, as Envoy does: rule 0 (regex <c>/s.*</c>, which
    /// verify cannot sample but which takes rule 1's sample <c>/status</c>) sends it to ratings, so the case expects
    /// ratings and passes; it expected httpbin (the sampled rule's) and failed.
    /// </summary>
    [Fact]
    public void TheHostCaseExpectsTheRuleEnvoyPicksForItsSample()
    {
        const string Vs = """{ "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "rx", "namespace": "bar" }, "spec": { "hosts": [ "rx.example.com" ], "gateways": [ "rx-gateway" ], "http": [ { "match": [ { "uri": { "regex": "/s[a-z]+" } } ], "route": [ { "destination": { "host": "ratings.default.svc.cluster.local", "port": { "number": 9080 } } } ] }, { "match": [ { "uri": { "prefix": "/status" } } ], "route": [ { "destination": { "host": "httpbin" } } ] } ] } }""";
        var cases = Verify(Configs.BothIngresses, "cluster2", Gateway("rx-gateway", 80, "rx.example.com"), Vs);
        Assert.Equal(
            "ingress host rx.example.com of bar/rx-gateway | 80 rx.example.com /status | ok | ratings.default.svc.cluster.local | cluster2 v1 100%",
            Row(Assert.Single(cases, c => c.Case.StartsWith("ingress host rx.", StringComparison.Ordinal))));
    }

    /// <summary>
    /// Mutant 9237: a Gateway host no VirtualService serves names no service, and fails on the trace's 404 (the
    /// request at "/" finds no virtual host).
    /// </summary>
    [Fact]
    public void AGatewayHostNoVirtualServiceServesFailsOnTheTracesNotFound()
    {
        var cases = Verify(Configs.BothIngresses, "cluster2", Gateway("rx-gateway", 80, "rx.example.com"));
        var host = Assert.Single(cases, c => c.Request.Host == "rx.example.com");
        Assert.Equal("ingress host rx.example.com of bar/rx-gateway", host.Label);
        Assert.Equal("", host.Service);
        Assert.Equal([FailureKind.NoVirtualHostMatch], host.Result.Failures.Select(f => f.Kind));
        Assert.Equal(MeshVerifier.HopFailures(host.Result), host.Problems);
    }

    /// <summary>The gateway Service's ports replaced: 80 to pod port 8080, 8081 to pod port 80 (what a non-root gateway's chart values give).</summary>
    private static ClusterState RemappedPorts(ClusterState state) =>
        TrafficFixture.Replace(state, "Service", "istio-ingressgateway", s =>
        {
            var spec = (MapNode)s["spec"]!;
            ManifestNode Port(string name, int number, int target) => MapNode.Of(("name", name), ("port", number), ("targetPort", target), ("protocol", "TCP"));
            return TrafficFixture.With(s, "spec", TrafficFixture.With(spec, "ports", ListNode.From([Port("status-port", 15021, 15021), Port("http2", 80, 8080), Port("alt", 8081, 80), Port("https", 443, 443)])));
        });

    private static string PrefixRule(string name, string gateway, string host, string prefix) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"VirtualService\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"bar\" }, \"spec\": { \"hosts\": [ \""
        + host + "\" ], \"gateways\": [ \"" + gateway + "\" ], \"http\": [ { \"match\": [ { \"uri\": { \"prefix\": \"" + prefix + "\" } } ], \"route\": [ { \"destination\": { \"host\": \"httpbin\" } } ] } ] } }";

    /// <summary>
    /// Mutants 9177, 9178, 9180-9182, 9250: the gateway Service port each server is reached through (pilot/pkg/model/gateway.go,
    /// resolvePorts, 1.30.3 and 1.31.0-rc.0: a server port that is a Service port listens on its targetPort, any other on
    /// itself). a's server port 80 is Service port 80 (not 8081, whose targetPort is 80); b's 8080 is no Service port but
    /// the targetPort of 80; c's 9999 is neither, so no Service port reaches it and its cases, the 404 one too, fail on
    /// the refused connection.
    /// </summary>
    [Fact]
    public void EachServerIsReachedThroughTheGatewayServicePortThatLandsOnItsListener()
    {
        var (spec, _, model) = TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster2" ? s : RemappedPorts(s) with
        {
            Objects = RemappedPorts(s).Objects.AddRange(new[]
            {
                Gateway("a-gateway", 80, "a.example.com"), PrefixRule("a", "a-gateway", "a.example.com", "/a"),
                Gateway("b-gateway", 8080, "b.example.com"), PrefixRule("b", "b-gateway", "b.example.com", "/b"),
                Gateway("c-gateway", 9999, "c.example.com"), PrefixRule("c", "c-gateway", "c.example.com", "/c"),
            }.Select(Obj)),
        });
        var cases = MeshVerifier.Verify(spec, model).Where(c => c.Request.External && c.Request.Host is "a.example.com" or "b.example.com" or "c.example.com").ToList();
        const string NoPort = "ingress: istio-ingressgateway.istio-ingress.svc.cluster.local exposes no port 9999 (ports: 15021, 80, 8081, 443): the connection is refused [cluster2 Service istio-ingress/istio-ingressgateway]";
        Assert.Equal(
            [
                "ingress host a.example.com of bar/a-gateway | 80 a.example.com /a | ok | httpbin.bar.svc.cluster.local | cluster2 v1 100%",
                "ingress host b.example.com of bar/b-gateway | 80 b.example.com /b | ok | httpbin.bar.svc.cluster.local | cluster2 v1 100%",
                "ingress rule 0 of bar/a | 80 a.example.com /a | ok | httpbin.bar.svc.cluster.local | cluster2 v1 100%",
                "ingress rule 0 of bar/b | 80 b.example.com /b | ok | httpbin.bar.svc.cluster.local | cluster2 v1 100%",
                "ingress host c.example.com of bar/c-gateway | 9999 c.example.com /c | FAIL " + NoPort + " | httpbin.bar.svc.cluster.local | ",
                "ingress rule 0 of bar/c | 9999 c.example.com /c | FAIL " + NoPort + " | httpbin.bar.svc.cluster.local | ",
                "ingress 404: no rule matches | 9999 c.example.com /meshinfra-verify-no-route | FAIL " + NoPort + " |  | ",
            ],
            cases.Select(Row));
    }
}
