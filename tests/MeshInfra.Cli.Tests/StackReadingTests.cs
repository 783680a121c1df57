using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>The CLI reads YAML as Pulumi does, points at the offending line, and gives one error per mistake.</summary>
public sealed class StackReadingTests
{
    private const string TwoClustersByMerge = """
        config:
          mesh-infra:mesh:
            meshId: mesh1
            clusters:
              - &first
                name: cluster1
                context: kind-cluster1
                network: network1
                gateway:
                  addressMode: nodePort
                  nodeAddress: 192.0.2.10
              - <<: *first
                name: cluster2
                context: kind-cluster2
        """;

    [Fact]
    public void MergeKeysAddTheKeysAMappingDoesNotSetItself()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", TwoClustersByMerge);

        var mesh = StackFileReader.Read(path).Mesh;

        var second = mesh.GetProperty("clusters")[1];
        Assert.Equal(
            ("cluster2", "kind-cluster2", "network1", "192.0.2.10"),
            (second.GetProperty("name").GetString(), second.GetProperty("context").GetString(), second.GetProperty("network").GetString(), second.GetProperty("gateway").GetProperty("nodeAddress").GetString()));
        Assert.False(second.TryGetProperty("<<", out _));
    }

    [Fact]
    public void MergeKeyListPrefersTheFirstMapping()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", "config:\n  mesh-infra:mesh:\n    a: &a {x: 1, y: 1}\n    b: &b {x: 2, z: 2}\n    c:\n      <<: [*a, *b]\n      y: 3\n");

        var c = StackFileReader.Read(path).Mesh.GetProperty("c");

        Assert.Equal((1, 3, 2), (c.GetProperty("x").GetInt32(), c.GetProperty("y").GetInt32(), c.GetProperty("z").GetInt32()));
    }

    [Fact]
    public void MergeKeyOfAScalarIsBadInputAtItsLine()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", "config:\n  mesh-infra:mesh:\n    meshId: mesh1\n    <<: just text\n");

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{path}:4:5: mesh: a merge key (<<) takes a mapping, usually an alias such as <<: *defaults, or a list of them"], result.ErrorLines);
    }

    [Fact]
    public void TabIndentationIsReportedOnItsLine()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", "config:\n  mesh-infra:mesh:\n\tmeshId: mesh1\n");

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"{path}:3:1: malformed YAML: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownAliasIsReportedWhereItIsUsed()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", "config:\n  mesh-infra:mesh:\n    meshId: mesh1\n    clusters: *nope\n");

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{path}:4:15: malformed YAML: the alias *nope names no anchor; define &nope on a value above it"], result.ErrorLines);
    }

    [Fact]
    public void MisspeltKeyInAClusterIsOneErrorNotAlsoAnUnknownClusterOrAMissingKey()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", File.ReadAllText(Repo.DevStack).Replace("        network: network2", "        netwrok: network2", StringComparison.Ordinal));

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{path}:18:9: mesh.clusters[1].netwrok: unknown key (did you mean 'network'?)", $"{path}: invalid — 1 error in mesh-infra:mesh"], result.ErrorLines);
    }

    [Fact]
    public void BadPortIsOneErrorNotAlsoAnUnexportedService()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", File.ReadAllText(Repo.ProdStack).Replace("            number: 9090", "            number: 99999", StringComparison.Ordinal));

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{path}:60:21: mesh.services[1].ports[0].number: 99999 is out of range (allowed 1 to 65535)", $"{path}: invalid — 1 error in mesh-infra:mesh"], result.ErrorLines);
    }

    [Fact]
    public void MisspeltClusterNameIsOneErrorNotAlsoEveryReferenceToIt()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", File.ReadAllText(Repo.DevStack).Replace("      - name: cluster2", "      - nmae: cluster2", StringComparison.Ordinal));

        var result = CliRunner.Run("validate", path);

        Assert.Equal([$"{path}:16:9: mesh.clusters[1].nmae: unknown key (did you mean 'name'?)", $"{path}: invalid — 1 error in mesh-infra:mesh"], result.ErrorLines);
    }

    [Fact]
    public void MisspeltServiceNameIsOneErrorNotAlsoAnUnexportedRoute()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", File.ReadAllText(Repo.ProdStack).Replace("      - name: payments", "      - nmae: payments", StringComparison.Ordinal));

        var result = CliRunner.Run("validate", path);

        Assert.Equal([$"{path}:56:9: mesh.services[1].nmae: unknown key (did you mean 'name'?)", $"{path}: invalid — 1 error in mesh-infra:mesh"], result.ErrorLines);
    }
}
