using System.Text.Json;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

public sealed class StackFileReaderTests
{
    private static JsonElement ReadValue(string yamlValue)
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", $"config:\n  mesh-infra:mesh:\n    value: {yamlValue}\n");
        return StackFileReader.Read(path).Mesh.GetProperty("value");
    }

    [Theory]
    [InlineData("\"1.30\"", "1.30")]
    [InlineData("'8000'", "8000")]
    [InlineData("'true'", "true")]
    [InlineData("1.30", "1.30")]
    [InlineData("1.30.3", "1.30.3")]
    [InlineData("240.0.0.0/16", "240.0.0.0/16")]
    [InlineData("yes", "yes")]
    [InlineData("!!str 42", "42")]
    [InlineData("|\n      two\n      lines", "two\nlines\n")]
    public void QuotedScalarsAndNonIntegersStayText(string yaml, string expected)
    {
        var value = ReadValue(yaml);

        Assert.Equal(JsonValueKind.String, value.ValueKind);
        Assert.Equal(expected, value.GetString());
    }

    [Theory]
    [InlineData("8000", 8000)]
    [InlineData("-3", -3)]
    [InlineData("+7", 7)]
    [InlineData("0x1F", 31)]
    [InlineData("0o17", 15)]
    public void PlainIntegersBecomeNumbers(string yaml, long expected)
    {
        var value = ReadValue(yaml);

        Assert.Equal(JsonValueKind.Number, value.ValueKind);
        Assert.Equal(expected, value.GetInt64());
    }

    [Theory]
    [InlineData("true", JsonValueKind.True)]
    [InlineData("False", JsonValueKind.False)]
    [InlineData("null", JsonValueKind.Null)]
    [InlineData("~", JsonValueKind.Null)]
    [InlineData("", JsonValueKind.Null)]
    public void PlainBooleansAndNullsKeepTheirType(string yaml, JsonValueKind kind)
    {
        Assert.Equal(kind, ReadValue(yaml).ValueKind);
    }

    [Fact]
    public void EveryMeshValueHasItsPositionUnderItsConfigPath()
    {
        var file = StackFileReader.Read(Repo.DevStack);

        Assert.Equal(new SourcePosition(4, 13), file.Positions["mesh.meshId"]);
        Assert.Equal(new SourcePosition(18, 18), file.Positions["mesh.clusters[1].network"]);
        Assert.Equal(new SourcePosition(18, 18), file.PositionOf("mesh.clusters[1].network"));
        // A key that is not written is located at the nearest value that is.
        Assert.Equal(file.Positions["mesh.clusters[1]"], file.PositionOf("mesh.clusters[1].dns"));
    }

    [Fact]
    public void AliasesAreExpanded()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", """
            config:
              mesh-infra:mesh:
                gateway: &lb
                  addressMode: loadBalancer
                again: *lb
            """);

        var mesh = StackFileReader.Read(path).Mesh;

        Assert.Equal("loadBalancer", mesh.GetProperty("again").GetProperty("addressMode").GetString());
    }

    [Fact]
    public void DuplicateKeysAreMalformedYamlWithTheirLine()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", "config:\n  mesh-infra:mesh:\n    meshId: a\n    meshId: b\n");

        var error = Assert.Throws<StackFileException>(() => StackFileReader.Read(path));

        Assert.Equal($"{path}:4:5: malformed YAML: Duplicate key meshId", error.Message);
    }
}
