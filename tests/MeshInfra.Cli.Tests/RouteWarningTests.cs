using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>A route whose every rule has a match drops the requests that match none: the CLI says so, and still exits 0.</summary>
public sealed class RouteWarningTests
{
    private static string WithoutCatchAll(TempDirectory temp) =>
        temp.File("Pulumi.t.yaml", File.ReadAllText(Repo.DevStack).Replace("          - route:\n              - version: v1\n", "", StringComparison.Ordinal));

    [Theory]
    [InlineData("validate")]
    [InlineData("plan")]
    [InlineData("render")]
    public void RouteWithoutACatchAllRuleIsAWarningSayingWhatHappensToUnmatchedRequests(string command)
    {
        using var temp = new TempDirectory();
        var path = WithoutCatchAll(temp);

        var result = command == "render" ? CliRunner.Run(command, path, "--out", temp.Combine("out")) : CliRunner.Run(command, path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [$"{path}:54:11: warning: mesh.routes[0].http: every rule has a match, so a request to reviews.default that matches none of them gets HTTP 404 from Envoy (no route) instead of reaching the service; end with a rule without match, e.g. - route: [{{ version: v2 }}]"],
            result.ErrorLines);
    }

    [Fact]
    public void RouteWithACatchAllRuleHasNoWarning()
    {
        var result = CliRunner.Run("validate", Repo.DevStack);

        Assert.Equal((0, ""), (result.ExitCode, result.OtherStderr));
    }
}
