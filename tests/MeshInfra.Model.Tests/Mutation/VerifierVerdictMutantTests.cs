using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, Traffic/MeshVerifier.cs survivors of the 9f80ae2 run: which routes count as narrowing a service (its own
/// name and namespace, not a neighbour's), a pod of a version the config does not place in its cluster, a version
/// reached outside the region while a cluster of the region runs it, and the tolerance and warning thresholds.
/// </summary>
public sealed class VerifierVerdictMutantTests
{
    private const string Mesh = """
    {
      "meshId": "mesh1",
      "clusters": [
        { "name": "cluster1", "context": "c1", "network": "network1", "labels": { "region": "us-east1" } },
        { "name": "cluster2", "context": "c2", "network": "network2", "labels": { "region": "europe-west1", "zone": "europe-west1-a" } },
        { "name": "cluster3", "context": "c3", "network": "network3", "labels": { "region": "europe-west1", "zone": "europe-west1-c" } }
      ],
      "services": [
        { "name": "web", "namespace": "demo", "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" } ], "versions": { "v1": "cluster1", "v2": "cluster1" } },
        { "name": "api", "namespace": "demo", "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" } ], "versions": { "v1": ["cluster1", "cluster3"] } }
      ],
      "routes": [
        { "service": "api", "namespace": "demo", "clients": ["cluster3"], "http": [ { "route": [ { "version": "v1" } ] } ] }
      ]
    }
    """;

    private static string Rows(IEnumerable<VerifyCase> cases) =>
        string.Join("\n", cases.Select(c => $"{c.Request} {c.Label}: {c.Result.SharesText} {string.Join("; ", c.Problems.Select(p => p.Text))} {string.Join("; ", c.Warnings.Select(p => p.Text))}"));

    /// <summary>
    /// Mutant 9694: api's route (for cluster3) narrows api only. web, in the same namespace, has no route, so cluster1's
    /// request reaching web v1 and v2 is no mixed-versions warning; every case passes without warnings.
    /// </summary>
    [Fact]
    public void ARouteOfAnotherServiceInTheNamespaceDoesNotNarrowThisOne()
    {
        var (spec, _, model) = TrafficFixture.For(Mesh);
        var cases = MeshVerifier.Verify(spec, model);
        var web = Assert.Single(cases, c => c.Request.Cluster == "cluster1" && c.Request.Host == "web.demo.global");
        Assert.Equal("cluster1 v1 50%, cluster1 v2 50%", web.Result.SharesText);
        Assert.All(cases, c => Assert.True(c.Passed && c.Warnings.IsEmpty, Rows([c])));
    }

    /// <summary>
    /// Mutant 9770: a Deployment of web v9 in cluster1, where the config places v1 and v2 only: cluster2's request to web
    /// reaches it through cluster1's gateway, and the case fails naming that pod.
    /// </summary>
    [Fact]
    public void APodOfAVersionTheConfigDoesNotPlaceThereFails()
    {
        const string Stray = """{ "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "web-v9", "namespace": "demo" }, "spec": { "template": { "metadata": { "labels": { "app": "web", "version": "v9" } } } } }""";
        var (spec, _, model) = TrafficFixture.For(Mesh, s => s.Name != "cluster1" ? s : s with { Objects = s.Objects.Add(Support.ObjectText.Parse(Stray)) });
        var web = Assert.Single(MeshVerifier.Verify(spec, model), c => c.Request.Cluster == "cluster2" && c.Request.Host == "web.demo.global");
        Assert.Equal([VerifyMessages.NotPlacedThere("cluster1/demo/web-v9 (v9)").Text], web.Problems.Select(p => p.Text));
    }

    /// <summary>
    /// Mutant 9809: cluster2's client pods run on nodes of another region (--client-locality asia-east1), so Envoy finds no
    /// nearer locality and spreads api v1 over cluster1 and cluster3; by the stack's labels cluster3 is in cluster2's
    /// region and runs v1, so reaching cluster1 fails as outside the region.
    /// </summary>
    [Fact]
    public void AVersionReachedOutsideTheRegionWhileTheRegionRunsItFails()
    {
        var (spec, traffic, _) = TrafficFixture.For(Mesh);
        var model = traffic.WithClientLocalities([ClientLocality.Parse("cluster2=asia-east1", ["cluster1", "cluster2", "cluster3"])]).Model(TrafficFixture.Placeholder);
        var api = Assert.Single(MeshVerifier.Verify(spec, model), c => c.Request.Cluster == "cluster2" && c.Request.Host == "api.demo.global");
        Assert.Equal("cluster1 v1 50%, cluster3 v1 50%", api.Result.SharesText);
        Assert.Equal([VerifyMessages.OutsideRegion("cluster1/demo/api-v1 (v1)", "cluster2", ["cluster3"]).Text], api.Problems.Select(p => p.Text));
    }

    /// <summary>
    /// Mutant 9748: a user's VirtualService in cluster1 answers ratings' global host with a redirect (a rule without a
    /// destination: Envoy's route answers 301 itself, pilot/pkg/networking/core/route/route.go, TranslateRoute and ApplyRedirect, 1.30.3 and
    /// 1.31.0-rc.0). The trace ends at the route with no failure and no pod; the case fails as reaching none.
    /// </summary>
    [Fact]
    public void ARequestAnsweredWithoutReachingAPodFails()
    {
        const string Redirect = """{ "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "moved", "namespace": "default" }, "spec": { "hosts": [ "ratings.default.global" ], "http": [ { "redirect": { "uri": "/moved" } } ] } }""";
        var (spec, _, model) = TrafficFixture.For(Configs.Seed, s => s.Name != "cluster1" ? s : s with { Objects = s.Objects.Add(Support.ObjectText.Parse(Redirect)) });
        var ratings = Assert.Single(MeshVerifier.Verify(spec, model), c => c.Request.Cluster == "cluster1" && c.Request.Host == "ratings.default.global");
        Assert.Empty(ratings.Result.Failures);
        Assert.Equal([VerifyMessages.NothingReached().Text], ratings.Problems.Select(p => p.Text));
    }
}
