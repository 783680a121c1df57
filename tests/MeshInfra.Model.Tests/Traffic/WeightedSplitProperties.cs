using System.Collections.Immutable;
using FsCheck.Fluent;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Generated meshes where two to four versions of a service run side by side in one cluster and a
/// route splits them by uneven weights: from every cluster's client, each version gets exactly its
/// weight of the requests. Clients in other clusters reach the versions through the east-west
/// gateway, which tells them apart only by the subset in the SNI; were the subsets collapsed to the
/// Service, the requests would spread evenly over the pods and no uneven weight would hold.
/// </summary>
public sealed class WeightedSplitProperties
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void EachVersionsShareEqualsItsWeightFromEveryCluster()
    {
        Prop.ForAll(SplitGen.SplitCatalog().ToArbitrary(), mesh =>
        {
            var (spec, _, model) = TrafficFixture.For(mesh.ToJson());
            foreach (var split in mesh.Splits)
            {
                var host = spec.GlobalHost(spec.Services.Single(s => s.Name == split.Name && s.Namespace == split.Namespace));
                foreach (var client in spec.Clusters.Select(c => c.Name))
                {
                    if (split.HeaderWeights is { } gold)
                    {
                        AssertShares(model, split, client, host, gold, (SplitService.Header, SplitService.HeaderValue));
                    }

                    AssertShares(model, split, client, host, split.DefaultWeights);
                }
            }
        }).Check();
    }

    [Fact]
    public void EveryCellOfAGeneratedMeshWithWeightedSplitsPasses()
    {
        Prop.ForAll(SplitGen.SplitCatalog().ToArbitrary(), mesh =>
        {
            var (spec, _, model) = TrafficFixture.For(mesh.ToJson());
            var failed = MeshVerifier.Verify(spec, model).Where(c => !c.Passed).Select(c => $"{c.Request} ({c.Case}): {string.Join("; ", c.Problems)}").ToList();
            Assert.True(failed.Count == 0, string.Join("\n", failed));
        }).Check();
    }

    [Fact]
    public void TheGeneratorMakesOnlyUnevenSplitsThatAddUpToAHundred()
    {
        // The property above proves nothing about collapsed subsets if a split could be even.
        Prop.ForAll(SplitGen.Split(3, 0).ToArbitrary(), split =>
        {
            foreach (var weights in new[] { split.DefaultWeights, split.HeaderWeights ?? split.DefaultWeights })
            {
                Assert.Equal(split.Versions, weights.Count);
                Assert.Equal(100, weights.Sum());
                Assert.All(weights, w => Assert.InRange(w, 1, 99));
                Assert.True(weights.Distinct().Count() > 1, string.Join("/", weights));
            }
        }).Check();
    }

    private static void AssertShares(TrafficModel model, SplitService split, string client, string host, IReadOnlyList<int> weights, params (string Name, string Value)[] headers)
    {
        var request = new TraceRequest(client, MeshTraffic.ProbeNamespace, MeshTraffic.ProbeWorkload, host, 8080,
            headers.ToImmutableSortedDictionary(h => h.Name, h => h.Value, StringComparer.Ordinal));
        var result = model.Trace(request, explain: false);
        Assert.True(result.Succeeded, $"{request}: {string.Join("; ", result.Failures)}");
        Assert.All(result.Arrivals, a => Assert.Equal((split.Name, split.Namespace), (a.Workload.App, a.Workload.Namespace)));
        var got = result.Arrivals.GroupBy(a => a.Workload.Version ?? "(none)")
            .ToDictionary(g => g.Key, g => g.Sum(a => a.Share), StringComparer.Ordinal);
        for (var v = 0; v < weights.Count; v++)
        {
            var share = got.GetValueOrDefault(SplitService.Version(v));
            Assert.True(Math.Abs(share - (weights[v] / 100.0)) < Tolerance,
                $"{request} ({split}): {SplitService.Version(v)} gets {TraceResult.Percent(share)}, its weight is {weights[v]}% ({result.SharesText})");
        }

        Assert.Equal(weights.Count, got.Count);
    }
}
