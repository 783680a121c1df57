using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Cases the Stryker.NET run over Traffic/TrafficModel.Failover.cs (issue 17, docs/quality.md) showed no test had: the
/// exact endpoints, failover and retries hops a user reads, which step a failure is recorded at, a STATIC entry's
/// host-name endpoints, DNS names without <c>--resolves</c>, failoverPriority on the sender's own labels, a
/// consistent hash that sends retries back to a down gateway, and maxEjectionPercent that leaves a down gateway in.
/// Istio 1.30.3 and 1.31.0-rc.0 (the same at both where cited): pilot/pkg/networking/core/loadbalancer/loadbalancer.go
/// (ApplyLocalityLoadBalancer, applyLocalityFailover, applyFailoverPriorities); core/cluster_traffic_policy.go
/// (applyOutlierDetection); core/route/retry/retry.go (ConvertPolicy: no previous_hosts under a hash policy).
/// </summary>
public sealed class FailoverMutantTests
{
    private const string Sleep = "security.istio.io/tlsMode: istio";

    private static readonly string CartInEastAndWest = Configs.ThreeClusters.Replace("\"clusters\": [\"east\"]", "\"clusters\": [\"east\", \"west\"]", StringComparison.Ordinal);

    private static readonly string CartEverywhere = Configs.ThreeClusters.Replace("\"clusters\": [\"east\"]", "\"clusters\": [\"east\", \"west\", \"edge\"]", StringComparison.Ordinal);

    private static readonly MapNode GatewayErrors = MapNode.Of(("consecutiveGatewayErrors", 5));

    private const string RuleText = "ejected after 5 connection failures, and after 5 5xx answers from any pod behind it";

    private const string GlobalRuleText = "ejected after 5 connection failures, never for 5xx answers";

    private const string DefaultRetries = "Istio's default retry policy: 2 retries on a failed connection, each preferring a host not tried (previous_hosts, up to 6 picks)";

    private static TraceResult Global(string json, string from, string[] down, Func<ClusterState, ClusterState>? edit = null)
    {
        var (_, traffic, _) = TrafficFixture.For(json, edit);
        return traffic.WithFailover(down, []).Model(TrafficFixture.Placeholder)
            .Trace(TrafficFixture.Request($"{from}/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", "cart.shop.global", 8080));
    }

    /// <summary>The hops of one depth and step, as (step, detail).</summary>
    private static string[] HopsAt(TraceResult result, int depth) =>
        [.. result.Hops.Where(h => h.Depth == depth).Select(h => $"{h.Step} | {h.Detail}")];

    /// <summary>
    /// A STATIC entry without failoverPriority ranks by locality (ApplyLocalityLoadBalancer then applyLocalityFailover):
    /// the hop says "nearest locality first", prints a locality only where the endpoint has one, each endpoint's
    /// priority and its part of the request. cluster2's gateway (no locality) and an address in us-east both differ in
    /// region from the client (eu-west): LbPriority 3 for both, renumbered 0, half each.
    /// </summary>
    [Fact]
    public void AStaticEntryWithoutFailoverPriorityPrintsLocalitiesPrioritiesAndShares()
    {
        var (address, port) = FailoverScenario.Cluster2Gateway();
        var result = FailoverScenario.Trace("STATIC", [FailoverScenario.Endpoint(address, port, null), FailoverScenario.Endpoint("203.0.113.9", "8000", "us-east/us-east-1a")], GatewayErrors, null);
        Assert.Equal("cluster2 v1 50%", result.SharesText);
        Assert.Equal(
            [$"endpoints | {address}:{port} {{{Sleep}}} priority 0 50%; 203.0.113.9:8000 {{{Sleep}}} locality us-east/us-east-1a priority 0 50% (nearest locality first; {RuleText})"],
            HopsAt(result, 1).Where(h => !h.StartsWith("cluster |", StringComparison.Ordinal)));

        // The next hops (Deliver's) are one deeper than the endpoints hop.
        Assert.Equal("network", result.Hops.Single(h => h.Detail.StartsWith($"{address}:{port} is cluster2's", StringComparison.Ordinal)).Step);
        Assert.Equal(2, result.Hops.Single(h => h.Detail.StartsWith($"{address}:{port} is cluster2's", StringComparison.Ordinal)).Depth);
    }

    /// <summary>
    /// failoverPriority compares the client proxy's own labels with each endpoint's (applyFailoverPriorityPerLocality reads
    /// proxyLabels[label]): sleep carries <c>app: sleep</c>, so the endpoint labelled so comes first and takes every request,
    /// and the other is the fallback. Without the sender's labels both would miss on <c>app</c> and split the request.
    /// </summary>
    [Fact]
    public void FailoverPriorityRanksByTheSendersOwnLabels()
    {
        var (address, port) = FailoverScenario.Cluster2Gateway();
        var result = FailoverScenario.Trace(
            "STATIC",
            [FailoverScenario.Endpoint(address, port, null, ("app", "sleep")), FailoverScenario.Endpoint("203.0.113.9", "8000", "us-east/us-east-1a", ("app", "other"))],
            GatewayErrors,
            MapNode.Of(("localityLbSetting", MapNode.Of(("failoverPriority", ListNode.Of("app", FailoverPriorityLabels.RegionLabel))))));
        Assert.Empty(result.Failures);
        Assert.Equal("cluster2 v1 100%", result.SharesText);
        Assert.Equal(
            [
                $"endpoints | {address}:{port} {{app: sleep, {Sleep}}} priority 0 100%; 203.0.113.9:8000 {{app: other, {Sleep}}} locality us-east/us-east-1a priority 1 0% (by failoverPriority app, topology.kubernetes.io/region; {RuleText})",
                "failover | once those are ejected: 203.0.113.9",
            ],
            HopsAt(result, 1).Where(h => !h.StartsWith("cluster |", StringComparison.Ordinal)));
    }

    /// <summary>
    /// A resolution DNS entry is a STRICT_DNS cluster (core/cluster.go, convertResolution): only a host name that is neither
    /// given with --resolves nor a Kubernetes Service of the cluster (the own gateway's name resolves to its one ClusterIP)
    /// gets the "counted as 1" hop; an IP never does. A name given as resolving to 2 weighs two hosts.
    /// </summary>
    [Fact]
    public void OnlyAHostNameOfUnknownAddressCountIsFlagged()
    {
        var result = FailoverScenario.Trace(
            "DNS",
            [
                FailoverScenario.Endpoint("203.0.113.9", "8000", null),
                FailoverScenario.Endpoint("a1b2.elb.example.com", "8000", null),
                FailoverScenario.Endpoint("c3d4.elb.example.com", "8000", null),
                FailoverScenario.Endpoint("istio-eastwestgateway.istio-eastwest.svc.cluster.local", "15443", null),
            ],
            GatewayErrors,
            null,
            resolves: [("c3d4.elb.example.com", 2)]);
        Assert.Equal(
            [
                $"endpoints | 203.0.113.9:8000 {{{Sleep}}} priority 0 20%; a1b2.elb.example.com:8000 {{{Sleep}}} priority 0 20%; c3d4.elb.example.com:8000 {{{Sleep}}} priority 0 (2 hosts: c3d4.elb.example.com resolves to 2 addresses) 40%; istio-eastwestgateway.istio-eastwest.svc.cluster.local:15443 {{{Sleep}}} priority 0 20% (nearest locality first; {RuleText})",
                "endpoints | a1b2.elb.example.com is resolved by DNS (STRICT_DNS): each address it resolves to is a host of its own, so its share grows with their number; counted as 1 (give --resolves a1b2.elb.example.com=N)",
            ],
            HopsAt(result, 1).Where(h => !h.StartsWith("cluster |", StringComparison.Ordinal)));
        Assert.Equal(0.4, result.Failures.Single(f => f.Reason.StartsWith("c3d4.elb.example.com", StringComparison.Ordinal)).Share, 9);
    }

    /// <summary>
    /// A STATIC entry whose endpoints are all host names has none left in EDS (pilot/pkg/xds/endpoints/endpoint_builder.go,
    /// BuildClusterLoadAssignment): one failure, at the endpoints step, and a hop naming every dropped name.
    /// </summary>
    [Fact]
    public void AStaticEntryOfHostNamesOnlyFailsOnceAtTheEndpointsStep()
    {
        var result = FailoverScenario.Trace("STATIC", [FailoverScenario.Endpoint("a1b2.elb.example.com", "8000", null), FailoverScenario.Endpoint("c3d4.elb.example.com", "8000", null)], GatewayErrors, null);
        Assert.Empty(result.Arrivals);
        var failure = Assert.Single(result.Failures);
        Assert.Equal((FailureKind.NoEndpoints, "endpoints", 1.0, "outbound|8000||httpbin.bar.svc.cluster.local has no endpoints"), (failure.Kind, failure.Step, failure.Share, failure.Reason));
        Assert.Equal(
            [
                "endpoints | resolution STATIC keeps only IP endpoints: Istio drops a1b2.elb.example.com, c3d4.elb.example.com from the cluster",
                "FAIL endpoints | outbound|8000||httpbin.bar.svc.cluster.local has no endpoints",
            ],
            HopsAt(result, 1).Where(h => !h.StartsWith("cluster |", StringComparison.Ordinal)));
    }

    /// <summary><c>distribute</c> is not modelled: the request fails at the endpoints step, with the cluster named.</summary>
    [Fact]
    public void DistributeIsRefusedAtTheEndpointsStep()
    {
        var (address, port) = FailoverScenario.Cluster2Gateway();
        var distribute = MapNode.Of(("localityLbSetting", MapNode.Of(("distribute", ListNode.Of(MapNode.Of(("from", "eu-west/*"), ("to", MapNode.Of(("eu-west/*", 100)))))))));
        var failure = Assert.Single(FailoverScenario.Trace("STATIC", [FailoverScenario.Endpoint(address, port, "eu-west/eu-west-1b")], GatewayErrors, distribute).Failures);
        Assert.Equal((FailureKind.LocalityLbNotModelled, "endpoints"), (failure.Kind, failure.Step));
    }

    /// <summary>
    /// Under a consistent hash (a single-destination route, so ConvertPolicy gets hashPolicy true and leaves out
    /// previous_hosts) a retry hashes to the same down gateway: without outlier detection cluster2's half fails
    /// outright, where without the hash the retries would move all but 0.5 x (1/64)^2 of it to the other endpoint.
    /// </summary>
    [Fact]
    public void AConsistentHashSendsRetriesBackToTheDownGateway()
    {
        var (address, port) = FailoverScenario.Cluster2Gateway();
        var hashed = MapNode.Of(("consistentHash", MapNode.Of(("httpHeaderName", "x-user"))));
        var result = FailoverScenario.Trace("STATIC", [FailoverScenario.Endpoint(address, port, null), FailoverScenario.Endpoint("203.0.113.9", "8000", null)], null, hashed, down: ["cluster2"]);
        var down = Assert.Single(result.Failures, f => f.Kind == FailureKind.GatewayDown);
        Assert.Equal(("down", 0.5), (down.Step, Math.Round(down.Share, 9)));
        Assert.Equal(0.5, Assert.Single(result.Failures, f => f.Kind == FailureKind.UnreachableAddress).Share, 9);
    }

    /// <summary>
    /// maxEjectionPercent 50 of two hosts lets Envoy eject one (DetectorImpl::ejectHost: 100 x (0 + 1) / 2 &lt;= 50, then
    /// 100 x 2 / 2 &gt; 50): east, the first, is ejected and west, down too, stays in and takes every first attempt,
    /// which fails with its retries.
    /// </summary>
    [Fact]
    public void MaxEjectionPercentEjectsOneOfTwoDownGatewaysAndTheOtherFailsEveryAttempt()
    {
        var json = CartInEastAndWest.Replace("\"meshId\": \"prod\",", "\"meshId\": \"prod\", \"outlierDetection\": { \"maxEjectionPercent\": 50 },", StringComparison.Ordinal);
        var result = Global(json, "edge", ["east", "west"]);
        Assert.Empty(result.Arrivals);
        var failure = Assert.Single(result.Failures);
        Assert.Equal((FailureKind.GatewayDown, "down", 1.0), (failure.Kind, failure.Step, failure.Share));
        var endpoints = HopsAt(result, 1).Where(h => !h.StartsWith("cluster |", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            [
                $"endpoints | ${{east.gatewayAddress}}:15443 {{cluster: east}} locality meshinfra.east priority 0 EJECTED (down) 0%; ${{west.gatewayAddress}}:15443 {{cluster: west}} locality meshinfra.west priority 0 DOWN, not ejected 100% (nearest locality first; {GlobalRuleText})",
                $"retries | 100% of requests first dial west's down gateway and fail to connect; {DefaultRetries}: of those, all of them fail (503, upstream connect error)",
                $"retries | until 5 connection failures in a row eject the down gateway: 100% of requests first dial east, west's down gateway and fail to connect; {DefaultRetries}: of those, all of them fail (503, upstream connect error)",
            ],
            endpoints);
    }

    /// <summary>
    /// From west, its own gateway is priority 0 and east and edge, in other localities, priority 1: printed as numbered
    /// from 0 (applyLocalityFailover), and the fallback hop names both clusters of that priority.
    /// </summary>
    [Fact]
    public void TheOwnGatewayComesFirstAndTheFallbackNamesEveryClusterOfTheNextPriority()
    {
        var result = Global(CartEverywhere, "west", []);
        Assert.Equal("west 100%", result.SharesText);
        Assert.Equal(
            [
                $"endpoints | ${{east.gatewayAddress}}:15443 {{cluster: east}} locality meshinfra.east priority 1 0%; 192.0.2.10:${{edge.gatewayNodePort}} {{cluster: edge}} locality meshinfra.edge priority 1 0%; istio-eastwestgateway.istio-eastwest.svc.cluster.local:15443 {{cluster: west}} priority 0 100% (nearest locality first; {GlobalRuleText})",
                "failover | once those are ejected: east, edge",
            ],
            HopsAt(result, 1).Where(h => !h.StartsWith("cluster |", StringComparison.Ordinal)));
    }

    /// <summary>From edge, east and west tie: no fallback hop; with east down and ejected, the hops are exactly these.</summary>
    [Fact]
    public void ATieHasNoFallbackHop()
    {
        var result = Global(CartInEastAndWest, "edge", ["east"]);
        Assert.Equal("west 100%", result.SharesText);
        Assert.Equal(
            [
                $"endpoints | ${{east.gatewayAddress}}:15443 {{cluster: east}} locality meshinfra.east priority 0 EJECTED (down) 0%; ${{west.gatewayAddress}}:15443 {{cluster: west}} locality meshinfra.west priority 0 100% (nearest locality first; {GlobalRuleText})",
                $"retries | until 5 connection failures in a row eject the down gateway: 50% of requests first dial east's down gateway and fail to connect; {DefaultRetries}: of those, west 99.98% answered on retry, 0.02% fail (503, upstream connect error)",
            ],
            HopsAt(result, 1).Where(h => !h.StartsWith("cluster |", StringComparison.Ordinal)));
    }

    /// <summary>Every endpoint down and ejected (maxEjectionPercent 100: Envoy's default 10 never ejects the only host): one failure, at the down step.</summary>
    [Fact]
    public void EveryEndpointEjectedFailsAtTheDownStep()
    {
        var (address, port) = FailoverScenario.Cluster2Gateway();
        var failure = Assert.Single(FailoverScenario.Trace("STATIC", [FailoverScenario.Endpoint(address, port, null)], MapNode.Of(("consecutiveGatewayErrors", 5), ("maxEjectionPercent", 100)), null, down: ["cluster2"]).Failures);
        Assert.Equal((FailureKind.AllEndpointsEjected, "down", 1.0), (failure.Kind, failure.Step, failure.Share));
    }

    /// <summary>Without outlier detection a down gateway keeps its part: no priority is printed, and the retries hop says what the retries do.</summary>
    [Fact]
    public void WithoutOutlierDetectionTheHopsSaySoAndTheDownGatewayFails()
    {
        var (address, port) = FailoverScenario.Cluster2Gateway();
        var result = FailoverScenario.Trace("STATIC", [FailoverScenario.Endpoint(address, port, null)], null, null, down: ["cluster2"]);
        Assert.Equal((FailureKind.GatewayDown, "down", 1.0), (Assert.Single(result.Failures).Kind, result.Failures[0].Step, result.Failures[0].Share));
        Assert.Equal(
            [
                $"endpoints | {address}:{port} {{{Sleep}}} DOWN, not ejected 100% (no outlier detection: no locality preference or failover)",
                $"retries | 100% of requests first dial {address}'s down gateway and fail to connect; {DefaultRetries}: of those, all of them fail (503, upstream connect error)",
            ],
            HopsAt(result, 1).Where(h => !h.StartsWith("cluster |", StringComparison.Ordinal)));
    }

    [Fact]
    public void AClientInADownClusterFailsAtTheDownStep()
    {
        var failure = Assert.Single(Global(CartInEastAndWest, "west", ["west"]).Failures);
        Assert.Equal((FailureKind.ClientClusterDown, "down", 0), (failure.Kind, failure.Step, HopsAt(Global(CartInEastAndWest, "west", ["west"]), 0).Length - 1));
    }

    /// <summary>The own gateway dialled by its ClusterIP (TrafficModel.OwnGateway.cs): a network hop.</summary>
    [Fact]
    public void TheOwnGatewaysClusterIpIsANetworkHop()
    {
        var (_, traffic, _) = TrafficFixture.For(StaticResolutionTests.FourClusters);
        var result = traffic.WithClientLocalities([ClientLocality.Parse("cluster2=eu-west", ["cluster1", "cluster2", "cluster3", "cluster4"])]).Model(TrafficFixture.Placeholder).Trace(TrafficFixture.Request($"cluster2/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", "reviews.default.global", 9080));
        var hops = result.Hops.Where(h => h.Detail == "${cluster2.gatewayClusterIp} is the ClusterIP of istio-eastwestgateway.istio-eastwest.svc.cluster.local").ToList();
        Assert.NotEmpty(hops);
        Assert.All(hops, h => Assert.Equal("network", h.Step));
    }
}
