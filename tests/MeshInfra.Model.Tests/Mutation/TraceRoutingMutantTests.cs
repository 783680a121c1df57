using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Where the route, the DestinationRule's subset and the Service's port send a request, and what the server's
/// sidecar lets in, in the cases the Stryker.NET run over Traffic/TrafficModel.cs and TrafficModel.Policies.cs
/// (issue 17, docs/quality.md) found untested. Every case is a trace over the seed config's two clusters.
/// </summary>
public sealed class TraceRoutingMutantTests
{
    private static string DestinationRule(string ns, string host, string subsets, string? tls = null) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"DestinationRule\", \"metadata\": { \"name\": \"dr-" + ns + "\", \"namespace\": \"" + ns + "\" }, \"spec\": { \"host\": \"" + host + "\""
        + (tls is null ? "" : ", \"trafficPolicy\": { \"tls\": { \"mode\": \"" + tls + "\" } }")
        + (subsets.Length == 0 ? "" : ", \"subsets\": [ " + subsets + " ]") + " } }";

    private const string BarPermissive = """{ "apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication", "metadata": { "name": "open", "namespace": "bar" }, "spec": { "mtls": { "mode": "PERMISSIVE" } } }""";

    private static string AllowOnly(string rule) =>
        "{ \"apiVersion\": \"security.istio.io/v1\", \"kind\": \"AuthorizationPolicy\", \"metadata\": { \"name\": \"only\", \"namespace\": \"bar\" }, \"spec\": { \"selector\": { \"matchLabels\": { \"app\": \"httpbin\" } }, \"action\": \"ALLOW\", \"rules\": [ " + rule + " ] } }";

    private static TraceRequest RatingsToHttpbin() => TrafficFixture.Request("cluster2/default/ratings-v1", "httpbin.bar.svc.cluster.local", 8000);

    [Fact]
    public void AZeroWeightDestinationBesideOthersTakesNoTraffic()
    {
        // applyHTTPRouteDestination (route.go): "Ignore 0 weighted clusters if there are other clusters in the route".
        var model = TraceCoreMutantTests.With("cluster1", TraceCoreMutantTests.Route("default", "details",
            """{ "destination": { "host": "details" }, "weight": 100 }, { "destination": { "host": "nothing.default.svc.cluster.local" }, "weight": 0 }"""));
        var result = model.Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "details", 9080));

        Assert.Empty(result.Failures);
        Assert.Equal("cluster1 v1 100%", result.SharesText);
        Assert.Single(result.Hops, h => h.Step == "cluster");
    }

    [Fact]
    public void ADestinationsOwnPortPicksTheOutboundCluster()
    {
        // GetDestinationCluster (route.go): the destination's port.number when given, else the listener's port.
        var model = TraceCoreMutantTests.With("cluster1", TraceCoreMutantTests.Route("default", "details", """{ "destination": { "host": "httpbin.bar.global", "port": { "number": 8000 } } }"""));
        var result = model.Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "details", 9080));

        Assert.Empty(result.Failures);
        Assert.Equal("cluster2 v1 100%", result.SharesText);
        Assert.StartsWith("outbound|8000||httpbin.bar.global 100%", Assert.Single(result.Hops, h => h.Step == "cluster").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ADestinationWithoutAPortToAOnePortServiceUsesThatPort()
    {
        // GetDestinationCluster (route.go, 1.30.3 and 1.31.0-rc.0): without port.number, "if service only has one port
        // defined, use that as the port, otherwise use default listenerPort". details:9080 routed to httpbin.bar.global
        // (one port, 8000) goes to outbound|8000||httpbin.bar.global, not to a 9080 cluster that does not exist.
        var model = TraceCoreMutantTests.With("cluster1", TraceCoreMutantTests.Route("default", "details", """{ "destination": { "host": "httpbin.bar.global" } }"""));
        var result = model.Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "details", 9080));

        Assert.Empty(result.Failures);
        Assert.Equal("cluster2 v1 100%", result.SharesText);
        Assert.StartsWith("outbound|8000||httpbin.bar.global 100%", Assert.Single(result.Hops, h => h.Step == "cluster").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TheServerPodIsDialledOnTheServicesTargetPort()
    {
        // httpbin's Service maps 8000 to the pod's 8080: its RBAC sees port 8080, so a rule for 8080 allows the request and one for 8000 does not.
        var on8080 = TraceCoreMutantTests.With("cluster2", AllowOnly("""{ "to": [ { "operation": { "ports": ["8080"] } } ] }""")).Trace(RatingsToHttpbin());
        Assert.Empty(on8080.Failures);
        Assert.Equal("cluster2 v1 100%", on8080.SharesText);

        var on8000 = TraceCoreMutantTests.With("cluster2", AllowOnly("""{ "to": [ { "operation": { "ports": ["8000"] } } ] }""")).Trace(RatingsToHttpbin());
        var denied = Assert.Single(on8000.Failures);
        Assert.Equal(("authz", FailureKind.AuthorizationNotAllowed), (denied.Step, denied.Kind));
    }

    [Fact]
    public void AnAutoConnectionShowsTheClientsIdentityAndAPlaintextOneShowsNone()
    {
        // Auto mTLS to a pod with a sidecar is mTLS: the server's RBAC sees the client's SPIFFE identity. A
        // DestinationRule's tls DISABLE sends plaintext (PERMISSIVE lets it in) and no principal matches.
        var principal = AllowOnly("""{ "from": [ { "source": { "principals": ["cluster.local/ns/default/sa/bookinfo-ratings"] } } ] }""");
        var auto = TraceCoreMutantTests.With("cluster2", BarPermissive, principal).Trace(RatingsToHttpbin());
        Assert.Empty(auto.Failures);
        Assert.Equal("cluster2 v1 100%", auto.SharesText);

        var plaintext = TraceCoreMutantTests.With("cluster2", BarPermissive, principal, DestinationRule("default", "httpbin.bar.svc.cluster.local", "", tls: "DISABLE")).Trace(RatingsToHttpbin());
        Assert.Empty(plaintext.Arrivals);
        var denied = Assert.Single(plaintext.Failures);
        Assert.Equal(("authz", FailureKind.AuthorizationNotAllowed), (denied.Step, denied.Kind));
    }

    [Fact]
    public void ASubsetSelectsTheEndpointsThatCarryAllItsLabels()
    {
        // httpbin.bar.global's one endpoint is labelled cluster=cluster2 only: a subset that also asks for version v9 has none.
        var route = TraceCoreMutantTests.Route("foo", "httpbin.bar.global", """{ "destination": { "host": "httpbin.bar.global", "subset": "mixed" } }""");
        var rule = DestinationRule("foo", "httpbin.bar.global", """{ "name": "mixed", "labels": { "cluster": "cluster2", "version": "v9" } }""");
        var result = TraceCoreMutantTests.With("cluster1", route, rule).Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000));

        Assert.Empty(result.Arrivals);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(("endpoints", FailureKind.NoEndpoints, "outbound|8000|mixed|httpbin.bar.global has no endpoints labelled {cluster: cluster2, version: v9}"), (failure.Step, failure.Kind, failure.Reason));
    }

    [Fact]
    public void ASubsetNoRuleDefinesFailsWith503()
    {
        var route = TraceCoreMutantTests.Route("foo", "httpbin.bar.global", """{ "destination": { "host": "httpbin.bar.global", "subset": "gone" } }""");
        var result = TraceCoreMutantTests.With("cluster1", route).Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000));

        Assert.Empty(result.Arrivals);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(("destination", FailureKind.UnknownSubset, "subset 'gone' of httpbin.bar.global is defined by no DestinationRule foo sees: Envoy answers 503"), (failure.Step, failure.Kind, failure.Reason));
    }
}
