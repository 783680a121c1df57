using FsCheck;
using FsCheck.Fluent;
using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using Microsoft.FSharp.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Tests;

public sealed class ManifestYamlTests
{
    private static ScalarNode NoDeferred(DeferredValue value) => throw new InvalidOperationException(value.Key);

    private static YamlScalarNode RoundTrip(string value)
    {
        var yaml = ManifestYaml.Write(MapNode.Of(("key", value)), NoDeferred);
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlScalarNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("key")];
    }

    [Theory]
    [InlineData("true")]
    [InlineData("False")]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("n")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("8000")]
    [InlineData("1.30.3")]
    [InlineData("0x1F")]
    [InlineData("1e3")]
    [InlineData("-1")]
    [InlineData(".5")]
    [InlineData(".inf")]
    [InlineData("2025-01-01")]
    [InlineData("240.0.0.2")]
    public void StringsThatLookLikeOtherTypesAreQuoted(string value)
    {
        var scalar = RoundTrip(value);

        Assert.Equal(value, scalar.Value);
        Assert.NotEqual(ScalarStyle.Plain, scalar.Style);
    }

    [Theory]
    [InlineData("mesh1")]
    [InlineData("istio-system")]
    [InlineData("https://istio-release.storage.googleapis.com/charts")]
    [InlineData("${cluster2.gatewayAddress}")]
    [InlineData("docker.io/curlimages/curl:8.16.0")]
    public void OrdinaryStringsStayPlain(string value)
    {
        var scalar = RoundTrip(value);

        Assert.Equal((value, ScalarStyle.Plain), (scalar.Value, scalar.Style));
    }

    [Fact]
    public void MultiLineStringsAreLiteralBlocks()
    {
        var yaml = ManifestYaml.Write(MapNode.Of(("block", "global:53 {\n    errors\n}\n")), NoDeferred);

        Assert.Equal("block: |\n  global:53 {\n      errors\n  }\n", yaml);
    }

    [Fact]
    public void NumbersAndBooleansArePlainAndEmptyCollectionsAreFlow()
    {
        var yaml = ManifestYaml.Write(MapNode.Of(("port", 15443), ("optional", true), ("map", MapNode.Empty), ("list", ListNode.Empty), ("items", ListNode.Of("a", 1))), NoDeferred);

        Assert.Equal("port: 15443\noptional: true\nmap: {}\nlist: []\nitems:\n  - a\n  - 1\n", yaml);
    }

    [Fact]
    public void CommentsGoAboveTheDocument()
    {
        var yaml = ManifestYaml.Write(MapNode.Of(("a", "b")), NoDeferred, ["first", "second"]);

        Assert.Equal("# first\n# second\na: b\n", yaml);
    }

    /// <summary>
    /// Any string, whatever it looks like, reads back as the same string: through YamlDotNet's parser,
    /// and typed as text by the YAML 1.2 core schema the CLI's reader applies (quoted, or plain and not
    /// null, boolean or integer), and not a YAML 1.1 boolean either when plain.
    /// </summary>
    [Fact]
    public void AnyStringRoundTripsAsTheSameString()
    {
        var alphabet = "aZy0159.-_:#'\"{}[],&*!|>%@` \t\n/\\~=+<é".ToCharArray();
        var strings = Gen.Elements(alphabet).ArrayOf().Select(chars => new string(chars));
        var config = Config.QuickThrowOnFailure.WithMaxTest(2000)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261121UL, 77UL), FSharpOption<int>.None)));

        Prop.ForAll(strings.ToArbitrary(), text =>
        {
            var scalar = RoundTrip(text);
            var typed = YamlScalarResolver.Resolve(scalar);
            return scalar.Value == text && typed is string && (scalar.Style != ScalarStyle.Plain || !PlainScalars.MustQuote(text));
        }).Check(config);
    }
}
