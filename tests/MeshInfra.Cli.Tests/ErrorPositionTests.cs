using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// Every kind of error points where the editor should go: a key that is wrong at the key, a value that
/// is wrong at the value, a tab at the tab. Positions are found in the text, not hard-coded, so each
/// test says what it points at.
/// </summary>
public sealed class ErrorPositionTests
{
    /// <summary>The dev stack with one line replaced; the replacement is what the error must point into.</summary>
    private static (string Path, string[] Lines) DevStackWith(TempDirectory temp, string line, string replacement)
    {
        var text = File.ReadAllText(Repo.DevStack);
        Assert.Contains(line + "\n", text, StringComparison.Ordinal);
        var path = temp.File("Pulumi.t.yaml", text.Replace(line + "\n", replacement + "\n", StringComparison.Ordinal));
        return (path, File.ReadAllLines(path));
    }

    /// <summary>1-based line and column of the first <paramref name="token"/> on the first line that holds <paramref name="lineHolding"/>.</summary>
    private static string At(string[] lines, string lineHolding, string token)
    {
        var index = Array.FindIndex(lines, l => l.Contains(lineHolding, StringComparison.Ordinal));
        Assert.True(index >= 0, $"no line holds {lineHolding}");
        return $"{index + 1}:{lines[index].IndexOf(token, StringComparison.Ordinal) + 1}";
    }

    private static string FirstError(string path)
    {
        var result = CliRunner.Run("validate", path);
        Assert.Equal(2, result.ExitCode);
        return result.ErrorLines[0];
    }

    [Fact]
    public void UnknownKeyIsReportedAtTheKeyNotItsValue()
    {
        using var temp = new TempDirectory();
        var (path, lines) = DevStackWith(temp, "        context: kind-cluster1", "        context: kind-cluster1\n        colour: blue");

        Assert.Equal($"{path}:{At(lines, "colour: blue", "colour")}: mesh.clusters[0].colour: unknown key (known keys: name, context, kubeconfig, network, gateway, ingressGateway, dns, intermediateGeneration, labels)", FirstError(path));
    }

    [Fact]
    public void MisspeltBlockKeyIsReportedAtTheKeyNotOnTheLineBelow()
    {
        using var temp = new TempDirectory();
        var (path, lines) = DevStackWith(temp, "            route:", "            rute:");

        Assert.Equal($"{path}:{At(lines, "rute:", "rute")}: mesh.routes[0].http[0].rute: unknown key (did you mean 'route'?)", FirstError(path));
    }

    [Fact]
    public void UnknownKeyInAFlowMappingIsReportedAtTheKey()
    {
        using var temp = new TempDirectory();
        var (path, lines) = DevStackWith(temp, "          addressMode: loadBalancer", "          addressMode: loadBalancer\n          extra: {depth: 1}");

        Assert.StartsWith($"{path}:{At(lines, "extra: {depth", "extra")}: mesh.clusters[0].gateway.extra: unknown key (known keys: ", FirstError(path), StringComparison.Ordinal);
    }

    [Fact]
    public void WrongValueIsReportedAtTheValue()
    {
        using var temp = new TempDirectory();
        var (path, lines) = DevStackWith(temp, "        network: network1", "        network: net 1");

        Assert.StartsWith($"{path}:{At(lines, "network: net 1", "net 1")}: mesh.clusters[0].network: ", FirstError(path), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingKeyIsReportedWhereItShouldBeWritten()
    {
        using var temp = new TempDirectory();
        var (path, lines) = DevStackWith(temp, "        context: kind-cluster1", "");

        Assert.StartsWith($"{path}:{At(lines, "- name: cluster1", "name")}: mesh.clusters[0].context: ", FirstError(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\t    - name: cluster2")]
    [InlineData("    \t  - name: cluster2")]
    [InlineData("      \t- name: cluster2")]
    public void TabInTheIndentationIsReportedAtTheTab(string line)
    {
        using var temp = new TempDirectory();
        var (path, lines) = DevStackWith(temp, "      - name: cluster2", line);

        Assert.Equal([$"{path}:{At(lines, "name: cluster2", "\t")}: malformed YAML: a tab in the indentation; YAML indents with spaces only, so replace the tab with spaces"], CliRunner.Run("validate", path).ErrorLines);
    }

    [Fact]
    public void TabIndentingANestedKeyIsReportedAtTheTab()
    {
        using var temp = new TempDirectory();
        var (path, lines) = DevStackWith(temp, "        context: kind-cluster2", "\t\tcontext: kind-cluster2");

        Assert.Equal([$"{path}:{At(lines, "context: kind-cluster2", "\t")}: malformed YAML: a tab in the indentation; YAML indents with spaces only, so replace the tab with spaces"], CliRunner.Run("validate", path).ErrorLines);
    }

    [Fact]
    public void TabInsideAValueIsNotAnError()
    {
        using var temp = new TempDirectory();
        var (path, _) = DevStackWith(temp, "        network: network1", "        network: network1\t# a comment after a tab");

        CliRunner.Ok("validate", path);
    }

    [Fact]
    public void UnknownKeyMergedFromAnAnchorIsReportedWhereItIsWritten()
    {
        // cluster2 merges cluster1's mapping: the misspelt key is written once, in the anchor, and fixed there.
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", """
            config:
              mesh-infra:mesh:
                meshId: mesh1
                clusters:
                  - &first
                    name: cluster1
                    context: kind-cluster1
                    network: network1
                    gateway: {addressMode: nodePort, nodeAddress: 192.0.2.10}
                    colour: blue
                  - <<: *first
                    name: cluster2
                    context: kind-cluster2
                    network: network2
            """);

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"{path}:10:9: mesh.clusters[0].colour: unknown key", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{path}:10:9: mesh.clusters[1].colour: unknown key", result.ErrorLines[1], StringComparison.Ordinal);
    }
}
