using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Traffic;

/// <summary>trace and verify with client pods on nodes whose locality the stack's labels do not say.</summary>
public sealed class ClientLocalityCliTests
{
    [Fact]
    public void TraceShowsTheOwnClusterLosingItsPriorityOnNodesWithAnotherRegion()
    {
        var result = CliRunner.Ok("trace", Repo.DevStack, "--from", "cluster2/bar/httpbin", "--to", "reviews.default.global:9080", "--client-locality", "cluster2=eu-west-1/eu-west-1a");
        Assert.Contains("  reaches    cluster1 v1 33.33%, cluster2 v2 33.33%, cluster2 v3 33.33%\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  assumes    cluster2's client pods run on nodes of locality eu-west-1/eu-west-1a (--client-locality)\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TraceNamesWhoTakesOverOnceTheOwnGatewayIsEjected()
    {
        var result = CliRunner.Ok("trace", Repo.DevStack, "--from", "cluster2/bar/httpbin", "--to", "reviews.default.global:9080");
        Assert.Contains("  reaches    cluster2 v2 50%, cluster2 v3 50%\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("once those are ejected: cluster1  [cluster2 DestinationRule istio-system/reviews.default.global]\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyFailsWhereTheOwnClusterNoLongerComesFirst()
    {
        var result = CliRunner.Run("verify", Repo.DevStack, "--client-locality", "cluster2=eu-west-1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.Stdout.Split('\n'), l => l.StartsWith("FAIL cluster2/meshinfra-probe/client -> ", StringComparison.Ordinal) && l.Contains(" (LeavesOwnCluster): ", StringComparison.Ordinal));
    }

    [Fact]
    public void ABadClientLocalityIsBadInputNamingTheFlag()
    {
        var result = CliRunner.Run("trace", Repo.DevStack, "--from", "cluster2/bar/httpbin", "--to", "reviews.default.global:9080", "--client-locality", "cluster9=eu-west-1");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["--client-locality 'cluster9=eu-west-1': no cluster 'cluster9' in the stack (clusters: cluster1, cluster2)"], result.ErrorLines);
    }
}
