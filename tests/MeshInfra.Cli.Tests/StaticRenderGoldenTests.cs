using MeshInfra.Cli.Tests.Support;
using MeshInfra.Cli.Tests.Traffic;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// The two objects a static stack renders differently, for the dev stack with
/// <c>endpointResolution: static</c> and every deploy-time value given: each cluster's ServiceEntry and
/// DestinationRule for reviews.default.global (served in both clusters), under Golden/static/. The rest of
/// the render is the dev stack's (RenderGoldenTests). Regenerate with <c>MESHINFRA_UPDATE_GOLDEN=1</c>.
/// </summary>
public sealed class StaticRenderGoldenTests
{
    private const string Host = "reviews.default.global";

    [Theory]
    [InlineData("cluster1")]
    [InlineData("cluster2")]
    public void StaticStackRenderMatchesGolden(string cluster)
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", StaticResolutionCliTests.StaticDevStack(temp), "--out", temp.Combine("out"),
            "--set", "cluster1.gatewayAddress=203.0.113.6", "--set", "cluster2.gatewayAddress=203.0.113.7",
            "--set", "cluster1.gatewayClusterIp=10.96.0.10", "--set", "cluster2.gatewayClusterIp=10.96.0.20");
        var actual = RenderedTree.Bytes(temp.Combine("out", cluster))
            .Where(f => f.Key.EndsWith($"-istio-system-{Host}.yaml", StringComparison.Ordinal) && (f.Key.Contains("serviceentry", StringComparison.Ordinal) || f.Key.Contains("destinationrule", StringComparison.Ordinal)))
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        Assert.Equal(2, actual.Count);
        var goldenDir = Repo.Golden("static", cluster);
        if (Environment.GetEnvironmentVariable("MESHINFRA_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(goldenDir);
            foreach (var (name, bytes) in actual)
            {
                File.WriteAllBytes(Path.Combine(goldenDir, name), bytes);
            }
        }

        foreach (var (name, bytes) in actual)
        {
            var golden = Path.Combine(goldenDir, name);
            Assert.True(File.Exists(golden), $"No golden {golden}; run with MESHINFRA_UPDATE_GOLDEN=1 to create it.");
            Assert.Equal(System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(golden)), System.Text.Encoding.UTF8.GetString(bytes));
        }
    }
}
