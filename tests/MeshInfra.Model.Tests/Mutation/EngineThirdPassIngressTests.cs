using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, the third Stryker run over the trace engine (ec48ebf), Traffic/IngressVerifier.cs: the rule-less host case
/// (9440, 9447, 9449) lived where verify grouped a Gateway's servers by gateway Service port while the pod serves every
/// plain-HTTP server landing on one listener from one route config. Two Service ports on one targetPort made verify
/// miss the VirtualService another server binds there, and fail a host the gateway does route.
/// </summary>
public sealed class EngineThirdPassIngressTests
{
    private static string Gateway(string name, int port, string host) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Gateway\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"bar\" }, \"spec\": { \"selector\": { \"istio\": \"ingressgateway\" }, \"servers\": [ { \"port\": { \"number\": "
        + port + ", \"name\": \"http-" + port + "\", \"protocol\": \"HTTP\" }, \"hosts\": [ \"" + host + "\" ] } ] } }";

    /// <summary>The gateway Service's ports replaced: 80 and 81 both to pod port 8080.</summary>
    private static ClusterState TwoPortsOnOneListener(ClusterState state) =>
        TrafficFixture.Replace(state, "Service", "istio-ingressgateway", s =>
        {
            var spec = (MapNode)s["spec"]!;
            ManifestNode Port(string name, int number, int target) => MapNode.Of(("name", name), ("port", number), ("targetPort", target), ("protocol", "TCP"));
            return TrafficFixture.With(s, "spec", TrafficFixture.With(spec, "ports", ListNode.From([Port("status-port", 15021, 15021), Port("http2", 80, 8080), Port("http-alt", 81, 8080), Port("https", 443, 443)])));
        });

    private static string Row(VerifyCase c) =>
        $"{c.Label} | {c.Request.Port} {c.Request.Host} {c.Request.Path} | {(c.Passed ? "ok" : "FAIL " + string.Join("; ", c.Problems.Select(p => p.Text)))} | {c.Service} | {c.Result.SharesText}";

    /// <summary>
    /// a-gateway lists a.example.com on port 80 and no VirtualService binds it; any-gateway lists every host on port 81,
    /// and VirtualService a binds it for a.example.com (one rule, to httpbin). Both ports are Service ports with
    /// targetPort 8080, so both servers resolve to listener 8080 and share the route config http.8080
    /// (pilot/pkg/model/gateway.go, MergeGateways, resolvePorts, gatewayRDSRouteName, 1.30.3 and 1.31.0-rc.0): a request
    /// for a.example.com on port 80 reaches httpbin by a's rule. verify once checked port 80 with a-gateway's server alone,
    /// found no rule for the host, and failed it as reaching "what a rule names".
    /// </summary>
    [Fact]
    public void ServersOnOneListenerShareTheirRulesWhicheverServicePortIsDialled()
    {
        const string Rule = """
            { "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "a", "namespace": "bar" },
              "spec": { "hosts": [ "a.example.com" ], "gateways": [ "any-gateway" ], "http": [ { "route": [ { "destination": { "host": "httpbin" } } ] } ] } }
            """;
        var (spec, _, model) = TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster2" ? s : TwoPortsOnOneListener(s) with
        {
            Objects = TwoPortsOnOneListener(s).Objects.AddRange(new[] { Gateway("a-gateway", 80, "a.example.com"), Gateway("any-gateway", 81, "*"), Rule }.Select(ObjectText.Parse)),
        });

        var cases = MeshVerifier.Verify(spec, model).Where(c => c.Request.External && c.Request.Host == "a.example.com").ToList();

        Assert.Equal(
            [
                "ingress host a.example.com of bar/a-gateway | 80 a.example.com / | ok | httpbin.bar.svc.cluster.local | cluster2 v1 100%",
                "ingress rule 0 of bar/a | 80 a.example.com / | ok | httpbin.bar.svc.cluster.local | cluster2 v1 100%",
            ],
            cases.Select(Row));

        // The trace agrees whichever of the two ports is dialled.
        foreach (var port in new[] { 80, 81 })
        {
            var result = model.Trace(TraceRequest.FromOutside("cluster2", "a.example.com", port, "/", System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty));
            Assert.Empty(result.Failures);
            Assert.Equal(["cluster2/bar/httpbin (v1)"], result.Arrivals.Select(a => a.Workload.ToString()));
        }
    }

    /// <summary>
    /// Mutant 9438 (NothingReached on the ingress path) was reached by a root rule that delegates (admitted by Istio's
    /// validation: validateHTTPRouteConflict checks a root rule only for route and redirect): the model read it as a rule
    /// forwarding nowhere, and verify failed it as reaching no pod, though istiod merges the delegate's routes in its place
    /// (virtualservice_controller.go, mergeVirtualServices, 1.30.3 and 1.31.0-rc.0). The trace now stops at the route
    /// saying the model does not follow delegation, on the ingress path and on a sidecar's.
    /// </summary>
    [Fact]
    public void ARuleThatDelegatesIsNamedAsNotFollowedNotAsReachingNothing()
    {
        const string Root = """
            { "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "root", "namespace": "bar" },
              "spec": { "hosts": [ "d.example.com" ], "gateways": [ "d-gateway" ], "http": [ { "delegate": { "name": "httpbin-routes" } } ] } }
            """;
        const string MeshRoot = """
            { "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "ratings-root", "namespace": "default" },
              "spec": { "hosts": [ "ratings.default.global" ], "http": [ { "delegate": { "name": "ratings-routes", "namespace": "team" } } ] } }
            """;
        var (spec, _, model) = TrafficFixture.For(Configs.BothIngresses, s => s.Name switch
        {
            "cluster2" => s with { Objects = s.Objects.AddRange(new[] { Gateway("d-gateway", 80, "d.example.com"), Root }.Select(ObjectText.Parse)) },
            "cluster1" => s with { Objects = s.Objects.Add(ObjectText.Parse(MeshRoot)) },
            _ => s,
        });
        var cases = MeshVerifier.Verify(spec, model);

        const string Ingress = "route: rule 0 of VirtualService bar/root delegates to VirtualService bar/httpbin-routes, whose http routes Istio merges in its place: the model does not follow delegation [cluster2 VirtualService bar/root]";
        Assert.Equal(
            [
                "ingress host d.example.com of bar/d-gateway | 80 d.example.com / | FAIL " + Ingress + " | the routes of VirtualService bar/httpbin-routes | ",
                "ingress rule 0 of bar/root | 80 d.example.com / | FAIL " + Ingress + " | the routes of VirtualService bar/httpbin-routes | ",
            ],
            cases.Where(c => c.Request.External && c.Request.Host == "d.example.com").Select(Row));

        var ratings = Assert.Single(cases, c => c.Request.Cluster == "cluster1" && c.Request.Host == "ratings.default.global");
        Assert.Empty(ratings.Result.Arrivals);
        Assert.Equal([FailureKind.DelegateNotTraced], ratings.Result.Failures.Select(f => f.Kind));
        Assert.Equal(["route"], ratings.Result.Failures.Select(f => f.Step));
        Assert.DoesNotContain(VerifyMessages.NothingReached().Text, ratings.Problems.Select(p => p.Text));
        Assert.Equal(
            "rule 0 of VirtualService default/ratings-root delegates to VirtualService team/ratings-routes, whose http routes Istio merges in its place: the model does not follow delegation",
            Assert.Single(ratings.Result.Failures).Reason);
    }

    /// <summary>
    /// Mutant 9413 (the old 9197: exact and prefix header conditions sent through the regex sampler). Its equivalence holds
    /// for every condition Istio can hold: exact, prefix and regex, and a header given as <c>{}</c>, a present match whose
    /// empty value the sampler's first reading gives. A match kind Istio has no field for (here <c>suffix</c>, only in a
    /// hand-written file: the CRD's StringMatch has exact, prefix and regex, and the API server refuses or prunes any
    /// other) never holds in the model. verify sends its value, and the case fails where the gateway matches no rule,
    /// rather than being listed as one verify could not sample.
    /// </summary>
    [Fact]
    public void ARuleWithAHeaderMatchKindIstioDoesNotKnowIsSentAndFails()
    {
        const string Rule = """
            { "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "team", "namespace": "bar" },
              "spec": { "hosts": [ "t.example.com" ], "gateways": [ "t-gateway" ],
                        "http": [ { "match": [ { "uri": { "prefix": "/t" }, "headers": { "x-team": { "suffix": "ops" } } } ], "route": [ { "destination": { "host": "httpbin" } } ] } ] } }
            """;
        var (spec, _, model) = TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster2" ? s : s with
        {
            Objects = s.Objects.AddRange(new[] { Gateway("t-gateway", 80, "t.example.com"), Rule }.Select(ObjectText.Parse)),
        });

        var rule = Assert.Single(MeshVerifier.Verify(spec, model), c => c.Request.External && c.Label == "ingress rule 0 of bar/team");

        Assert.Null(rule.NotExercised);
        Assert.Equal(["x-team=ops"], rule.Request.Headers.Select(h => $"{h.Key}={h.Value}"));
        Assert.Equal("/t", rule.Request.Path);
        Assert.Empty(rule.Result.Arrivals);
        Assert.Equal([FailureKind.NoRouteMatch], rule.Result.Failures.Select(f => f.Kind));
        Assert.False(rule.Passed);
    }

    /// <summary>
    /// Ingress gateway pods no Service selects (the Service deleted): verify still lists a case per Gateway host,
    /// dialled on the server's own port, and each fails where the request from outside finds no way in.
    /// </summary>
    [Fact]
    public void GatewayPodsWithoutAServiceStillGetACasePerHost()
    {
        var (spec, _, model) = TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster2" ? s : s with
        {
            Objects = [.. s.Objects.Where(o => !((o["kind"] as ScalarNode)?.Value as string == "Service" && (o.At("metadata", "name") as ScalarNode)?.Value as string == "istio-ingressgateway"))],
        });
        var cases = MeshVerifier.Verify(spec, model).Where(c => c.Request.External && c.Request.Cluster == "cluster2").ToList();
        const string NoWayIn = "FAIL ingress: cluster2 runs no ingress gateway (no Service selects gateway pods other than the east-west gateway's)";
        Assert.Equal(
            [
                $"ingress host httpbin.example.com of bar/httpbin-gateway | 80 httpbin.example.com /status | {NoWayIn} | httpbin.bar.svc.cluster.local | ",
                $"ingress rule 0 match 0 of bar/httpbin | 80 httpbin.example.com /status | {NoWayIn} | httpbin.bar.svc.cluster.local | ",
                $"ingress rule 0 match 1 of bar/httpbin | 80 httpbin.example.com /delay | {NoWayIn} | httpbin.bar.svc.cluster.local | ",
                $"ingress 404: no rule matches | 80 httpbin.example.com /meshinfra-verify-no-route | {NoWayIn} |  | ",
            ],
            cases.Select(Row));
    }
}
