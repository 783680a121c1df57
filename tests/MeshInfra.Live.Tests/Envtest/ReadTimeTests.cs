using System.Diagnostics;
using MeshInfra.Envtest;
using MeshInfra.Live.Tests.Support;
using Xunit.Abstractions;

namespace MeshInfra.Live.Tests.Envtest;

/// <summary>How long reading the two envtest clusters takes (for docs/performance.md), and that it is the same objects each time.</summary>
[Collection(EnvtestClusters.Collection)]
public sealed class ReadTimeTests(MeshClusters mesh, ITestOutputHelper output)
{
    [EnvtestFact]
    public async Task Reading_both_clusters_is_quick_and_repeatable()
    {
        var targets = MeshClusters.Layout.Select(l => new ClusterTarget(l.Cluster, l.Server, null)).ToList();
        var connector = new ClusterConnector(mesh.KubeconfigPath, null, null);
        var options = new LiveReadOptions(TimeSpan.FromSeconds(30));
        await LiveReader.ReadAsync(targets, connector.Connect, options);
        var times = new List<double>();
        var counts = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            var live = await LiveReader.ReadAsync(targets, connector.Connect, options);
            times.Add(clock.Elapsed.TotalMilliseconds);
            counts.Add(live.Sum(c => c.Objects.Length));
            Assert.All(live, c => Assert.True(c.Reachable && c.ReadFindings.IsEmpty, string.Join("; ", c.ReadFindings.Select(f => f.Message))));
        }

        Assert.Single(counts.Distinct());
        times.Sort();
        output.WriteLine($"envtest read: 2 clusters, {counts[0]} objects, {2 * ResourceKinds.All.Count + 4} requests; median {times[2]:0} ms, fastest {times[0]:0} ms; servers started in {mesh.StartTime.TotalSeconds:0.0} s, dev stack deployed in {mesh.DeployTime.TotalSeconds:0.0} s");
        Assert.True(times[2] < 10_000, $"median read {times[2]:0} ms");
    }
}
