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

    [Theory]
    [InlineData("mtls", "a\nb", "mesh.mtls: holds the character U+000A, which no value here may hold (config is data that reaches scripts, comments and terminals); remove it")]
    [InlineData("meshId", "a\u2028b", "mesh.meshId: 'a b' is not a valid name (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)")]
    [InlineData("meshId", "\u001b[31mred", "mesh.meshId: holds the character U+001B, which no value here may hold (config is data that reaches scripts, comments and terminals); remove it")]
    public void AValueWithALineBreakOrEscapeIsQuotedOnOneLine(string key, string value, string expected)
    {
        var errors = Configs.Errors(Configs.Seed, root => root[key] = value);

        Assert.Equal(expected, Assert.Single(errors));
    }

    [Fact]
    public void AnUnknownKeyWithALineBreakIsNamedOnOneLine()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["x\ny"] = 1);

        Assert.Equal("mesh[\"x y\"]: unknown key (known keys: meshId, istio, globalDomain, addressPool, trust, trustDomain, mtls, outlierDetection, dns, clusters, services, routes, samples, federated, externalDns, endpointResolution)", Assert.Single(errors));
    }

    [Fact]
    public void AnUnknownKeyOfAThousandCharactersIsClippedInItsPath()
    {
        var errors = Configs.Errors(Configs.Seed, root => root[new string('k', 1000)] = 1);

        Assert.StartsWith($"mesh[\"{new string('k', 61)}...\"]: unknown key", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void ARouteToALongUnknownServiceQuotesItClipped()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["routes"]![0]!["service"] = new string('a', 1024));

        Assert.Equal($"mesh.routes[0].service: '{new string('a', 61)}...' in namespace 'default' is not an exported service; add it to mesh.services or fix the name", Assert.Single(errors));
    }

    [Fact]
    public void AnUnknownClusterListsEachKnownNameOnceAndClipped()
    {
        var errors = Configs.Errors(Configs.Seed, root =>
        {
            var clusters = root["clusters"]!.AsArray();
            for (var i = 0; i < 3; i++)
            {
                clusters.Add(clusters[1]!.DeepClone());
            }

            clusters.Add(new JsonObject { ["name"] = "bad\nname", ["context"] = "c", ["network"] = "n" });
            root["samples"]!["sleep"]!["cluster"] = "ghost";
        });

        // A name with a line break is refused where it is read (no control character in any value), so it is
        // not offered as a known cluster.
        Assert.Contains("mesh.clusters[5].name: holds the character U+000A, which no value here may hold (config is data that reaches scripts, comments and terminals); remove it", errors);
        Assert.Contains("mesh.samples.sleep.cluster: 'ghost' is not a cluster of this mesh (known: cluster1, cluster2)", errors);
        Assert.All(errors, e => Assert.Null(ErrorShape.FirstUnprintable(e)));
    }

    [Fact]
    public void TheSameHeaderMatchedTwiceInOneRuleIsAnErrorNotACrashInThePlanner()
    {
        // Header names are case-insensitive and lowercased, so these two used to become one duplicate key
        // of the VirtualService's match, which the planner refused with an ArgumentException.
        var errors = Configs.Errors(Configs.Seed, root => root["routes"]![0]!["http"]![0]!["match"]!["headers"]!["End-User"] = new JsonObject { ["exact"] = "bob" });

        Assert.Equal("mesh.routes[0].http[0].match.headers.End-User: header 'end-user' is already matched in this rule (header names are case-insensitive); give it one condition", Assert.Single(errors));
    }

    [Theory]
    [InlineData("""{ "meshId": "\ud800" }""", "mesh.meshId")]
    [InlineData("""{ "meshId": "m", "clusters": [ { "name": "x\udc00" } ] }""", "mesh.clusters[0].name")]
    [InlineData("""{ "meshId": "m", "x\ud800": 1 }""", "mesh")]
    public void AStringWithALoneSurrogateIsAnErrorNotAnException(string json, string path)
    {
        // JSON escapes can spell half a surrogate pair; JsonElement.GetString() throws on it.
        var errors = Configs.Errors(json);

        Assert.Equal($"{path}: is not valid Unicode text (a lone UTF-16 surrogate); write it again as plain text", Assert.Single(errors));
    }
}
