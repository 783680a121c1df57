using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, Traffic/TrafficModel.cs survivors of the 9f80ae2 run: the Istio minor version the rules are read at
/// (from the release given, 1.30.3 or 1.31.0-rc.0), and the cluster hop's text for a DestinationRule naming two
/// subject alt names and one merged from three.
/// </summary>
public sealed class TraceCoreTextMutantTests
{
    private static MapNode Obj(string json) => Support.ObjectText.Parse(json);

    private static TraceResult Trace(string istioVersion, string from, string host, int port, params string[] cluster1Objects)
    {
        var (_, traffic, _) = TrafficFixture.For(Configs.Seed, s => s.Name != "cluster1" ? s : s with { Objects = s.Objects.AddRange(cluster1Objects.Select(Obj)) });
        return (traffic with { IstioVersion = istioVersion }).Model(TrafficFixture.Placeholder).Trace(TrafficFixture.Request(from, host, port));
    }

    /// <summary>
    /// Mutant 10321 (the minor version from the last part, "3", instead of "1.30"): a Sidecar importing <c>*/*</c> but
    /// <c>~default/*</c>. At 1.30.3 a <c>~</c> is part of a namespace name, so the entry names no namespace and details
    /// (default) is imported; 1.31.0-rc.0 reads it as an exclusion that wins over <c>*/*</c> (pilot/pkg/model/sidecar.go,
    /// hostClassification.Excluded and IstioEgressListenerWrapper.selectServices, 1.31.0-rc.0; 1.30.3's sidecar.go has
    /// neither), so the sidecar passes details through to kube-proxy under ALLOW_ANY.
    /// </summary>
    [Fact]
    public void ATildeNamespaceExcludesFromThe131ReleaseOnly()
    {
        const string Sidecar = """{ "apiVersion": "networking.istio.io/v1", "kind": "Sidecar", "metadata": { "name": "sc-foo", "namespace": "foo" }, "spec": { "egress": [ { "hosts": [ "~default/*", "*/*" ] } ] } }""";
        const string NotImported = "sidecar: Sidecar foo/sc-foo does not import details.default.svc.cluster.local on port 9080";

        var at130 = Trace("1.30.3", "cluster1/foo/sleep", "details.default.svc.cluster.local", 9080, Sidecar);
        Assert.Equal("cluster1 v1 100%", at130.SharesText);
        Assert.DoesNotContain(at130.Hops, h => (h.Step + ": " + h.Detail).StartsWith(NotImported, StringComparison.Ordinal));
        Assert.Contains(at130.Hops, h => h.Step == "cluster" && h.Detail.StartsWith("outbound|9080||details.default.svc.cluster.local", StringComparison.Ordinal));

        var at131 = Trace("1.31.0-rc.0", "cluster1/foo/sleep", "details.default.svc.cluster.local", 9080, Sidecar);
        Assert.Contains(at131.Hops, h => (h.Step + ": " + h.Detail).StartsWith(NotImported, StringComparison.Ordinal));
        Assert.DoesNotContain(at131.Hops, h => h.Step == "cluster");
    }

    private static string Rule(string name, string subset, string? tls) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"DestinationRule\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"default\" }, \"spec\": { \"host\": \"details.default.svc.cluster.local\""
        + (tls is null ? "" : ", \"trafficPolicy\": { \"tls\": " + tls + " }")
        + ", \"subsets\": [ { \"name\": \"" + subset + "\", \"labels\": { \"version\": \"" + subset + "\" } } ] } }";

    /// <summary>
    /// Mutants 10471 and 10477: the cluster hop names each subject alt name the rule gives, space-separated, and each
    /// rule a DestinationRule was merged with, comma-separated (three rules for one host in one namespace merge into the
    /// first: pilot/pkg/model/destination_rule.go, mergeDestinationRule, 1.30.3 and 1.31.0-rc.0).
    /// </summary>
    [Fact]
    public void TheClusterHopNamesEverySubjectAltNameAndEveryMergedRule()
    {
        var result = Trace(
            "1.30.3",
            "cluster1/foo/sleep",
            "details.default.svc.cluster.local",
            9080,
            Rule("details-a", "a", """{ "mode": "ISTIO_MUTUAL", "subjectAltNames": [ "spiffe://cluster.local/ns/default/sa/other", "spiffe://cluster.local/ns/default/sa/bookinfo-details" ] }"""),
            Rule("details-b", "b", null),
            Rule("details-c", "c", null));
        var cluster = Assert.Single(result.Hops, h => h.Step == "cluster");
        Assert.Equal(
            "outbound|9080||details.default.svc.cluster.local 100%: tls ISTIO_MUTUAL, SNI outbound_.9080_._.details.default.svc.cluster.local, "
            + "SAN spiffe://cluster.local/ns/default/sa/other spiffe://cluster.local/ns/default/sa/bookinfo-details "
            + "(DestinationRule default/details-a merged with default/details-b, default/details-c)",
            cluster.Detail);
        Assert.Equal("cluster1 v1 100%", result.SharesText);
    }

    /// <summary>
    /// Mutant 9637 (MeshTraffic.cs, the name given to a kind that is no string): a render folder's document whose kind is
    /// a map is of no kind, so the ignored-kinds line names none for it. It ended in an empty name (", "); the fix drops
    /// such documents there, and with it the mutated default.
    /// </summary>
    [Fact]
    public void ADocumentWhoseKindIsNoStringIsNotNamedAmongTheIgnoredKinds()
    {
        var plan = Configs.Plan(Configs.Seed);
        var planned = MeshTraffic.FromPlan(plan, TrafficFixture.Placeholder).Clusters;
        var objects = planned.ToDictionary(
            s => s.Name,
            s => s.Name != "cluster1" ? s : s with { Objects = s.Objects.Add(Obj("""{ "apiVersion": "v1", "kind": { "name": "Secret" }, "metadata": { "name": "odd", "namespace": "foo" } }""")) },
            StringComparer.Ordinal);
        static string Ignored(MeshTraffic traffic) => Assert.Single(traffic.Assumptions, a => a.StartsWith("the model reads only ", StringComparison.Ordinal));
        var line = Ignored(MeshTraffic.FromPlan(plan, TrafficFixture.Placeholder, objects));
        Assert.Equal(Ignored(MeshTraffic.FromPlan(plan, TrafficFixture.Placeholder, planned.ToDictionary(s => s.Name, StringComparer.Ordinal))), line);
        Assert.DoesNotContain("", line[(line.IndexOf(" here ", StringComparison.Ordinal) + 6)..].Split(", "));
    }

    /// <summary>
    /// The fix with mutant 10486 (the port name of a ServiceEntry port the service lacks): a route to a port the destination
    /// service does not declare names a cluster istiod never builds (one outbound cluster per service port:
    /// pilot/pkg/networking/core/cluster.go, buildOutboundClusters, 1.30.3 and 1.31.0-rc.0), and Envoy's router answers 503
    /// (no cluster: Istio leaves cluster_not_found_response_code at SERVICE_UNAVAILABLE outside Gateway API routes,
    /// route.go applyHTTPRouteDestination). The model dialled the service's gateways or pods on that port instead.
    /// </summary>
    [Theory]
    [InlineData("httpbin.bar.global", "8000")]
    [InlineData("details.default.svc.cluster.local", "9080")]
    public void ARouteToAPortTheServiceDoesNotDeclareFindsNoCluster(string host, string ports)
    {
        var route = "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"VirtualService\", \"metadata\": { \"name\": \"odd-port\", \"namespace\": \"foo\" }, \"spec\": { \"hosts\": [ \"ratings.default.global\" ], "
            + "\"http\": [ { \"route\": [ { \"destination\": { \"host\": \"" + host + "\", \"port\": { \"number\": 7777 } } } ] } ] } }";
        var result = Trace("1.30.3", "cluster1/foo/sleep", "ratings.default.global", 9080, route);
        Assert.Empty(result.Arrivals);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(("cluster", FailureKind.NoServicePort, $"no cluster outbound|7777||{host}: {host} declares no port 7777 (ports: {ports}): Envoy answers 503 (NC)"), (failure.Step, failure.Kind, failure.Reason));
    }

    [Fact]
    public void ARouteToAnUndeclaredPortOfATwoPortServiceListsBothPorts()
    {
        const string Host = "api.partner.example";
        var entry = "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"ServiceEntry\", \"metadata\": { \"name\": \"partner\", \"namespace\": \"foo\" }, \"spec\": { \"hosts\": [ \"" + Host + "\" ], "
            + "\"location\": \"MESH_EXTERNAL\", \"resolution\": \"DNS\", \"ports\": [ { \"number\": 80, \"name\": \"http\", \"protocol\": \"HTTP\" }, { \"number\": 8080, \"name\": \"http-alt\", \"protocol\": \"HTTP\" } ] } }";
        var route = "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"VirtualService\", \"metadata\": { \"name\": \"odd-port\", \"namespace\": \"foo\" }, \"spec\": { \"hosts\": [ \"ratings.default.global\" ], "
            + "\"http\": [ { \"route\": [ { \"destination\": { \"host\": \"" + Host + "\", \"port\": { \"number\": 7777 } } } ] } ] } }";
        var failure = Assert.Single(Trace("1.30.3", "cluster1/foo/sleep", "ratings.default.global", 9080, entry, route).Failures);
        Assert.Equal($"no cluster outbound|7777||{Host}: {Host} declares no port 7777 (ports: 80, 8080): Envoy answers 503 (NC)", failure.Reason);
    }
}
