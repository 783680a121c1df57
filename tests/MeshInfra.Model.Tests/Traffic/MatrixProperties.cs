using FsCheck.Fluent;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>The whole verify matrix holds for the seed scenarios, three clusters, and any generated mesh.</summary>
public sealed class MatrixProperties
{
    [Fact]
    public void EveryCellOfTheSeedAndThreeClusterMeshesPasses()
    {
        foreach (var json in new[] { Configs.Seed, Configs.ThreeClusters })
        {
            var (spec, _, model) = TrafficFixture.For(json);
            var cases = MeshVerifier.Verify(spec, model);
            Assert.NotEmpty(cases);
            Assert.All(cases, c => Assert.True(c.Passed, $"{c.Request} ({c.Case}): {string.Join("; ", c.Problems)}"));
        }
    }

    [Fact]
    public void EveryCellOfAGeneratedMeshPasses()
    {
        Prop.ForAll(CatalogGen.Catalog().ToArbitrary(), catalog =>
        {
            var (spec, _, model) = TrafficFixture.For(catalog.ToJson());
            return MeshVerifier.Verify(spec, model).All(c => c.Passed);
        }).Check();
    }

    [Fact]
    public void TheVerifierFailsACellWhoseTrafficLandsOnAnotherVersion()
    {
        // A route asking for v2 alone, checked against objects whose v2 subset selects v3 pods.
        var json = Configs.Seed.Replace("""{ "version": "v2", "weight": 50 }, { "version": "v3", "weight": 50 }""", """{ "version": "v2" }""", StringComparison.Ordinal);
        var (spec, _, model) = TrafficFixture.For(json, state => state.Name != "cluster2" ? state : TrafficFixture.Replace(state, "DestinationRule", "reviews.default.svc.cluster.local", dr =>
            new Manifests.MapNode([.. dr.Entries.Select(e => e.Key != "spec" ? e : new Manifests.MapEntry("spec", Manifests.MapNode.Of(
                ("host", "reviews.default.svc.cluster.local"),
                ("subsets", Manifests.ListNode.Of(
                    Manifests.MapNode.Of(("name", "v2"), ("labels", Manifests.MapNode.Of(("version", "v3")))),
                    Manifests.MapNode.Of(("name", "v3"), ("labels", Manifests.MapNode.Of(("version", "v3")))))))))])));
        var jason = MeshVerifier.Verify(spec, model).Single(c => c.Request.Cluster == "cluster1" && c.Case == "route rule 0");
        Assert.False(jason.Passed);
        Assert.Equal([VerifyProblemKind.ShareMismatch, VerifyProblemKind.ShareMismatch], jason.Problems.Select(p => p.Kind));
        Assert.Equal(
            ["version v2 gets 0% of requests; the route asks for 100%", "version v3 gets 100% of requests; the route asks for 0%"],
            jason.Problems.Select(p => p.Text));
    }

    [Theory]
    [InlineData("jas.*|mary", true)]
    [InlineData("(jason)", true)]
    [InlineData("[0-9]{3}", false)]
    public void ARegexRouteRuleIsExercisedWithASampleValueOrListedAsNotExercised(string regex, bool exercised)
    {
        var json = Configs.Seed.Replace("\"exact\": \"jason\"", $"\"regex\": \"{regex}\"", StringComparison.Ordinal);
        var (spec, _, model) = TrafficFixture.For(json);
        var rule = MeshVerifier.Verify(spec, model).Single(c => c.Request.Cluster == "cluster1" && c.Case.StartsWith("route rule 0", StringComparison.Ordinal));
        Assert.Equal(exercised, rule.Exercised);
        Assert.Equal(exercised ? null : VerifyProblemKind.NoSampleHeaderValue, rule.NotExercised?.Kind);
        Assert.True(rule.Passed);
        if (exercised)
        {
            Assert.Equal([("cluster2", "v2", 0.5), ("cluster2", "v3", 0.5)], rule.Result.Shares.Select(s => (s.Cluster, s.Version, s.Share)));
        }
    }
}
