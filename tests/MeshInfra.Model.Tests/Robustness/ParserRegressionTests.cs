using System.Text.Json.Nodes;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Robustness;

/// <summary>Cases the bad-config generator found, each cut down to the smallest input that showed the bug.</summary>
public sealed class ParserRegressionTests
{
    [Theory]
    [InlineData("meshId", "mesh1\n")]
    [InlineData("globalDomain", "global\n")]
    public void ANameWithATrailingLineFeedIsRejected(string key, string value)
    {
        // .NET's '$' also matches before a final '\n', so "mesh1\n" used to pass as a DNS label.
        var errors = Configs.Errors(Configs.Seed, root => root[key] = value);

        Assert.Contains(errors, e => e.StartsWith($"mesh.{key}: ", StringComparison.Ordinal));
    }

    [Fact]
    public void AClusterNameWithATrailingLineFeedIsRejected()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root => root["clusters"]![0]!["name"] = "east\n");

        Assert.Contains(errors, e => e.StartsWith("mesh.clusters[0].name: ", StringComparison.Ordinal));
    }

    [Fact]
    public void AnIstioVersionWithATrailingLineFeedIsRejected()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["istio"] = new JsonObject { ["version"] = "1.30.3\n" });

        Assert.Contains(errors, e => e.StartsWith("mesh.istio.version: ", StringComparison.Ordinal));
    }

    [Fact]
    public void ALabelValueWithATrailingLineFeedIsRejected()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root => root["clusters"]![0]!["labels"] = new JsonObject { ["region"] = "us-west1\n" });

        Assert.Contains(errors, e => e.StartsWith("mesh.clusters[0].labels.region: ", StringComparison.Ordinal));
    }
}
