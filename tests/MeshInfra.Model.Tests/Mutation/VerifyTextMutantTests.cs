using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, VerifyMessages.cs survivors: what `meshinfra verify` says of a case that fails or warns, from
/// MeshVerifier over real stacks, written out here (never rebuilt through <see cref="VerifyMessages"/>), with
/// two entries in every list a message joins.
/// </summary>
public sealed class VerifyTextMutantTests
{
    // cluster2, cluster3 and cluster4 share europe-west1; cluster1 is in us-east1. web v1 runs in cluster1,
    // cluster3 and cluster4, v2 in cluster2; cluster2's clients are routed to v1.
    private const string FourClusters = """
    {
      "meshId": "mesh1",
      "clusters": [
        { "name": "cluster1", "context": "c1", "network": "network1", "labels": { "region": "us-east1" } },
        { "name": "cluster2", "context": "c2", "network": "network2", "labels": { "region": "europe-west1", "zone": "europe-west1-a" } },
        { "name": "cluster3", "context": "c3", "network": "network3", "labels": { "region": "europe-west1", "zone": "europe-west1-c" } },
        { "name": "cluster4", "context": "c4", "network": "network4", "labels": { "region": "europe-west1", "zone": "europe-west1-d" } }
      ],
      "services": [
        { "name": "web", "namespace": "demo", "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" } ],
          "versions": { "v1": ["cluster1", "cluster3", "cluster4"], "v2": "cluster2" } }
      ],
      "routes": [
        { "service": "web", "namespace": "demo", "clients": ["cluster2"], "http": [ { "route": [ { "version": "v1" } ] } ] }
      ]
    }
    """;

    private static ClusterState Added(ClusterState state, string json) => state with { Objects = state.Objects.Add(ObjectText.Parse(json)) };

    /// <summary>
    /// Mutant 11329, and the verb read as a user would: on nodes of a region the stack does not name, cluster2's
    /// clients spread v1 over cluster1, cluster3 and cluster4; reaching cluster1 fails naming both clusters of the
    /// region that run v1. With cluster4 taken down, cluster3 alone is named.
    /// </summary>
    [Fact]
    public void LeavingTheRegionNamesEveryClusterOfTheRegionThatRunsTheVersion()
    {
        var (spec, traffic, _) = TrafficFixture.For(FourClusters);
        ClientLocality[] north = [ClientLocality.Parse("cluster2=europe-north1", ["cluster1", "cluster2", "cluster3", "cluster4"])];

        string[] Problems(MeshTraffic mesh) =>
            [.. MeshVerifier.Verify(spec, mesh.WithClientLocalities(north).Model(TrafficFixture.Placeholder))
                .Where(c => c.Request.Cluster == "cluster2").SelectMany(c => c.Problems).Select(p => p.Text).Distinct()];

        Assert.Equal(["reaches cluster1/demo/web-v1 (v1) outside cluster2's region, though cluster3, cluster4 in its region run it"], Problems(traffic));
        Assert.Contains("reaches cluster1/demo/web-v1 (v1) outside cluster2's region, though cluster3 in its region runs it", Problems(traffic.WithFailover(["cluster4"], [])));
    }

    /// <summary>
    /// Mutants 11331 to 11334, and a verify fault they hid: only the first version off its share was named, and
    /// the pods without a version came after the versions the route names, so they never were. cluster2's subset
    /// v2 selects a reviews Deployment without a version label: jason's requests reach it and v3, half each.
    /// </summary>
    [Fact]
    public void EveryVersionOffItsShareIsNamedPodsWithoutAVersionToo()
    {
        const string Legacy = """
            { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "reviews-legacy", "namespace": "default" },
              "spec": { "selector": { "matchLabels": { "app": "reviews", "track": "legacy" } },
                        "template": { "metadata": { "labels": { "app": "reviews", "track": "legacy" } },
                                      "spec": { "serviceAccountName": "bookinfo-reviews", "containers": [ { "name": "reviews", "image": "x" } ] } } } }
            """;
        var (spec, _, model) = TrafficFixture.For(Configs.Seed, state => state.Name != "cluster2" ? state : Added(TrafficFixture.Replace(state, "DestinationRule", "reviews.default.svc.cluster.local", dr =>
            TrafficFixture.With(dr, "spec", MapNode.Of(
                ("host", "reviews.default.svc.cluster.local"),
                ("subsets", ListNode.Of(
                    MapNode.Of(("name", "v2"), ("labels", MapNode.Of(("track", "legacy")))),
                    MapNode.Of(("name", "v3"), ("labels", MapNode.Of(("version", "v3"))))))))), Legacy));

        var jason = MeshVerifier.Verify(spec, model).Single(c => c.Request.Cluster == "cluster1" && c.Case == "route rule 0");
        Assert.Equal("cluster2 50%, cluster2 v3 50%", jason.Result.SharesText);
        Assert.Equal(
            ["version (none) gets 50% of requests; the route asks for 0%", "version v2 gets 0% of requests; the route asks for 50%"],
            jason.Problems.Select(p => p.Text));
    }

    /// <summary>
    /// Mutant 11336: verify proves the 404 of Bookinfo's host <c>*</c> with Host <c>meshinfra-verify.example</c>, and a
    /// user's Gateway for <c>*.example</c> (more specific than <c>*</c>) answers it with a catch-all split over two
    /// services; the case fails naming both pods reached.
    /// </summary>
    [Fact]
    public void APathNoRuleNamesThatAnotherVirtualHostAnswersNamesEveryPodReached()
    {
        const string Gateway = """
            { "apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": { "name": "example-wildcard", "namespace": "default" },
              "spec": { "selector": { "istio": "ingressgateway" }, "servers": [ { "port": { "number": 80, "name": "http", "protocol": "HTTP" }, "hosts": [ "*.example" ] } ] } }
            """;
        const string Route = """
            { "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "example-wildcard", "namespace": "default" },
              "spec": { "hosts": [ "*.example" ], "gateways": [ "example-wildcard" ],
                        "http": [ { "route": [ { "destination": { "host": "productpage.default.svc.cluster.local", "port": { "number": 9080 } }, "weight": 50 },
                                               { "destination": { "host": "details.default.svc.cluster.local", "port": { "number": 9080 } }, "weight": 50 } ] } ] } }
            """;
        var (spec, _, model) = TrafficFixture.For(Configs.Seed, s => s.Name != "cluster1" ? s : Added(Added(s, Gateway), Route));

        var notFound = MeshVerifier.Verify(spec, model).Single(c => c.Request.External && c.Request.Cluster == "cluster1" && c.Case.StartsWith("ingress 404", StringComparison.Ordinal));
        Assert.Equal("meshinfra-verify.example", notFound.Request.Authority);
        Assert.Equal(
            "a path no rule names reaches cluster1/default/productpage-v1 (v1), cluster1/default/details-v1 (v1); Envoy would answer it, not 404",
            Assert.Single(notFound.Problems).Text);
    }

    /// <summary>Mutant 11343, and the grammar of two gateways: two of cart's three clusters down, the route's retries off.</summary>
    [Fact]
    public void TheWindowBeforeEjectionNamesEveryDownGateway()
    {
        var json = Configs.ThreeClusters
            .Replace("\"clusters\": [\"east\"]", "\"clusters\": [\"east\", \"west\", \"north\"]", StringComparison.Ordinal)
            .Replace("{ \"name\": \"edge\", ", "{ \"name\": \"north\", \"context\": \"gke-north\", \"network\": \"net-north\" }, { \"name\": \"edge\", ", StringComparison.Ordinal);
        var (spec, traffic, _) = TrafficFixture.For(json, s => s.Name != "edge" ? s : s with { Objects = [.. s.Objects, RetryTests.CartRoute(attempts: 0)] });

        string Warning(params string[] down) => Assert.Single(
            Assert.Single(MeshVerifier.Verify(spec, traffic.WithFailover(down, []).Model(TrafficFixture.Placeholder)), c => c.Request.Cluster == "edge" && c.Request.Host == "cart.shop.global").Warnings).Text;

        Assert.Equal(
            "edge/meshinfra-probe/client -> cart.shop.global:8080 (default route): 66.67% of these requests fail after the east-west gateways of east, north go down and before outlier detection ejects them "
            + "(the retries pick them again, or the route allows none): Envoy answers 503; run trace with --down for the retries hop",
            Warning("east", "north"));
        Assert.Equal(
            "edge/meshinfra-probe/client -> cart.shop.global:8080 (default route): 33.33% of these requests fail after the east-west gateway of east goes down and before outlier detection ejects it "
            + "(the retries pick it again, or the route allows none): Envoy answers 503; run trace with --down for the retries hop",
            Warning("east"));
    }
}
