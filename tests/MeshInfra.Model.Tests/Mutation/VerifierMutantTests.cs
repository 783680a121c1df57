using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, Traffic/MeshVerifier.cs survivors: the header verify sends for each route rule (a regex's simple
/// readings, in order), the mixed-versions warning's exact text, and the verdict when a request reaches
/// another service of the namespace or leaves the region (the clusters of the region, with or without labels).
/// </summary>
public sealed class VerifierMutantTests
{
    private static MapNode Obj(string json) => Support.ObjectText.Parse(json);

    private static string Row(VerifyCase c) =>
        $"{c.Label} |{string.Concat(c.Request.Headers.Select(h => $" {h.Key}={h.Value}"))} | {(c.Passed ? "ok" : "FAIL " + string.Join("; ", c.Problems.Select(p => p.Text)))} | {c.Service} | "
        + string.Join(" ", c.ExpectedVersions.Select(v => $"{v.Key}={v.Value}")) + $" | local={c.MustStayLocal}";

    private static string Rule(string header, string regex, string version) =>
        "{ \"match\": { \"headers\": { \"" + header + "\": { \"regex\": \"" + regex + "\" } } }, \"route\": [ { \"version\": \"" + version + "\" } ] }";

    /// <summary>
    /// Mutants 9712, 9720-9728, 9731, 9732, 9741, 9784: a regex header gets the first of its readings that it
    /// accepts (the pattern itself, its first alternative, that alternative without wildcards and escapes), the
    /// rule's versions are what the case expects, and a regex with none is listed, not failed.
    /// </summary>
    [Fact]
    public void EachRegexRuleIsSentTheFirstReadingItAccepts()
    {
        var rules = string.Join(", ",
            Rule("x-a", "(v.+)|w", "v2"),
            Rule("x-b", ".+|x", "v3"),
            Rule("x-c", "^jason\\\\.x$", "v2"),
            Rule("x-d", "^1\\\\.*0$", "v3"),
            Rule("x-e", "(jason|ann)", "v2"),
            Rule("x-f", "[0-9]{3}", "v3"),
            "{ \"route\": [ { \"version\": \"v1\" } ] }");
        var config = Configs.Seed[..Configs.Seed.IndexOf("\"routes\"", StringComparison.Ordinal)]
            + "\"routes\": [ { \"service\": \"reviews\", \"namespace\": \"default\", \"clients\": [\"cluster1\"], \"http\": [ " + rules + " ] } ] }";
        var (spec, _, model) = TrafficFixture.For(config);
        var cases = MeshVerifier.Verify(spec, model).Where(c => c.Request.Cluster == "cluster1" && c.Request.Host.StartsWith("reviews.", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                "route rule 0 | x-a=v.+ | ok | reviews.default | v2=1 | local=False",
                "route rule 1 | x-b=.+|x | ok | reviews.default | v3=1 | local=False",
                "route rule 2 | x-c=jason.x | ok | reviews.default | v2=1 | local=False",
                "route rule 3 | x-d=10 | ok | reviews.default | v3=1 | local=False",
                "route rule 4 | x-e=jason | ok | reviews.default | v2=1 | local=False",
                $"route rule 5 (not exercised: {VerifyMessages.NoSampleHeaderValue().Text}) | | ok | reviews.default |  | local=False",
                "route rule 6 | | ok | reviews.default | v1=1 | local=True",
            ],
            cases.Select(Row));
        Assert.All(cases, c => Assert.Empty(c.Result.Hops));
    }

    /// <summary>
    /// Mutants 9693, 9695-9697, 9701, 9705, 9708: a cluster the route leaves out reaching two versions (cluster2's own v2 and v3) gets one
    /// warning naming the routed clients and the versions, each sorted; 9698 and 9700: no warning where no route
    /// narrows the service at all.
    /// </summary>
    [Fact]
    public void TheMixedVersionsWarningNamesTheRoutedClientsAndVersionsSorted()
    {
        var clusters = Configs.Seed
            .Replace(
                """{ "name": "cluster2", "context": "kind-cluster2", "network": "network2" }""",
                """{ "name": "cluster2", "context": "kind-cluster2", "network": "network2" }, { "name": "cluster3", "context": "kind-cluster3", "network": "network3" }""",
                StringComparison.Ordinal);
        var routed = clusters[..clusters.IndexOf("\"routes\"", StringComparison.Ordinal)]
            + "\"routes\": [ { \"service\": \"reviews\", \"namespace\": \"default\", \"clients\": [\"cluster3\", \"cluster1\"], \"http\": [ { \"route\": [ { \"version\": \"v1\" } ] } ] } ] }";
        var (spec, _, model) = TrafficFixture.For(routed);
        var cases = MeshVerifier.Verify(spec, model);
        Assert.All(cases, c => Assert.True(c.Passed, c.Label + ": " + string.Join("; ", c.Problems)));
        var warned = Assert.Single(cases, c => !c.Warnings.IsEmpty);
        Assert.Equal(("cluster2", "reviews.default.global"), (warned.Request.Cluster, warned.Request.Host));
        Assert.Equal(
            "cluster2 has no route for reviews.default (its route applies to clients in cluster1, cluster3): cluster2's requests mix versions v2, v3 (cluster2 v2 50%, cluster2 v3 50%); "
            + "add cluster2 to the route's clients, or give it a route of its own",
            Assert.Single(warned.Warnings).Text);

        var unrouted = clusters[..clusters.IndexOf(",\n  \"routes\"", StringComparison.Ordinal)] + "\n}";
        var (plainSpec, _, plainModel) = TrafficFixture.For(unrouted);
        Assert.All(MeshVerifier.Verify(plainSpec, plainModel), c => Assert.Empty(c.Warnings));
    }

    /// <summary>
    /// Mutants 9750, 9755, 9756: a user's VirtualService in cluster1 sending ratings' global host to details,
    /// another service of the same namespace: the case fails naming the pod reached and the service asked for.
    /// </summary>
    [Fact]
    public void ARequestReachingAnotherServiceOfTheNamespaceFails()
    {
        const string ToDetails = """{ "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "misroute", "namespace": "default" }, "spec": { "hosts": [ "ratings.default.global" ], "http": [ { "route": [ { "destination": { "host": "details.default.svc.cluster.local", "port": { "number": 9080 } } } ] } ] } }""";
        var (spec, _, model) = TrafficFixture.For(Configs.Seed, s => s.Name != "cluster1" ? s : s with { Objects = s.Objects.Add(Obj(ToDetails)) });
        var ratings = Assert.Single(MeshVerifier.Verify(spec, model), c => c.Request.Cluster == "cluster1" && c.Request.Host == "ratings.default.global");
        Assert.Equal([VerifyMessages.WrongService("cluster1/default/details-v1 (v1)", "ratings.default").Text], ratings.Problems.Select(p => p.Text));
    }

    private const string Regions = """
    {
      "meshId": "mesh1",
      "clusters": [
        { "name": "cluster1", "context": "c1", "network": "network1", "labels": { "region": "us-east1" } },
        { "name": "cluster2", "context": "c2", "network": "network2", "labels": { "region": "europe-west1", "zone": "europe-west1-a" } },
        { "name": "cluster3", "context": "c3", "network": "network3", "labels": { "region": "europe-west1", "zone": "europe-west1-c" } }
      ],
      "services": [
        { "name": "echo", "namespace": "demo", "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" } ], "clusters": ["cluster1", "cluster3"] },
        { "name": "web", "namespace": "demo", "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" } ], "versions": { "v1": "cluster1", "v2": ["cluster2", "cluster3"] } }
      ],
      "routes": [
        { "service": "web", "namespace": "demo", "clients": ["cluster2"], "http": [ { "route": [ { "version": "v1" } ] } ] }
      ]
    }
    """;

    private static string Rows(IEnumerable<VerifyCase> cases) =>
        string.Join("\n", cases.Select(c => $"{c.Request} {c.Label}: {c.Result.SharesText} {string.Join("; ", c.Problems.Select(p => p.Text))}"));

    /// <summary>
    /// Mutants 9807, 9810, 9811: cluster2's route asks for v1, which only cluster1 (another region) runs; cluster3,
    /// in cluster2's region, runs web but not v1, so reaching cluster1 is no fault.
    /// </summary>
    [Fact]
    public void AVersionOnlyAnotherRegionRunsIsReachedThereWithoutFault()
    {
        var (spec, _, model) = TrafficFixture.For(Regions);
        var cases = MeshVerifier.Verify(spec, model);
        var web = Assert.Single(cases, c => c.Request.Cluster == "cluster2" && c.Request.Host == "web.demo.global");
        Assert.Equal("cluster1 v1 100%", web.Result.SharesText);
        Assert.True(cases.All(c => c.Passed), Rows(cases.Where(c => !c.Passed)));
    }

    /// <summary>
    /// Mutant 9735: clusters without region labels have no region, so none is "nearer": cluster1's request to echo,
    /// spread over cluster2 (no labels) and cluster3 (a region), passes.
    /// </summary>
    [Fact]
    public void AClusterWithoutARegionHasNoNearerCluster()
    {
        var mixed = Regions
            .Replace("""{ "name": "cluster1", "context": "c1", "network": "network1", "labels": { "region": "us-east1" } }""", """{ "name": "cluster1", "context": "c1", "network": "network1" }""", StringComparison.Ordinal)
            .Replace("""{ "name": "cluster2", "context": "c2", "network": "network2", "labels": { "region": "europe-west1", "zone": "europe-west1-a" } }""", """{ "name": "cluster2", "context": "c2", "network": "network2" }""", StringComparison.Ordinal)
            .Replace("\"clusters\": [\"cluster1\", \"cluster3\"]", "\"clusters\": [\"cluster2\", \"cluster3\"]", StringComparison.Ordinal);
        var (spec, _, model) = TrafficFixture.For(mixed);
        var cases = MeshVerifier.Verify(spec, model);
        var echo = Assert.Single(cases, c => c.Request.Cluster == "cluster1" && c.Request.Host == "echo.demo.global");
        Assert.Equal("cluster2 50%, cluster3 50%", echo.Result.SharesText);
        Assert.True(cases.All(c => c.Passed), Rows(cases.Where(c => !c.Passed)));
    }

    /// <summary>
    /// The fix with these tests: with cluster3 down (--down), cluster2's request to echo fails over to cluster1 in
    /// another region, as Envoy's locality priorities do once cluster3's endpoints are ejected. verify failed it
    /// ("though cluster3 in its region runs it"), counting the down cluster as nearer; a down cluster is no longer.
    /// </summary>
    [Fact]
    public void FailingOverFromADownClusterOfTheRegionIsNoFault()
    {
        var (spec, traffic, _) = TrafficFixture.For(Regions);
        var model = (traffic with { Down = ["cluster3"] }).Model(TrafficFixture.Placeholder);
        var cases = MeshVerifier.Verify(spec, model);
        var echo = Assert.Single(cases, c => c.Request.Cluster == "cluster2" && c.Request.Host == "echo.demo.global");
        Assert.Equal("cluster1 100%", echo.Result.SharesText);
        Assert.True(echo.Passed, Rows([echo]));
    }
}
