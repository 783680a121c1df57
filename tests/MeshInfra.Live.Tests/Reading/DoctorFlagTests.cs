using MeshInfra.Envtest;
using MeshInfra.Live.Tests.Support;

namespace MeshInfra.Live.Tests.Reading;

/// <summary>Bad doctor flags: exit 2 and one line naming the flag, before any cluster is read.</summary>
public sealed class DoctorFlagTests
{
    private static readonly string Stack = Path.Combine(SharedReference.RepoRoot(), "Pulumi.dev.yaml");

    [Theory]
    [InlineData("--context", "cluster1", "--context 'cluster1': expected CLUSTER=CONTEXT, e.g. --context cluster1=kind-cluster1")]
    [InlineData("--context", "cluster9=kind-x", "--context cluster9: the stack has no cluster of that name; clusters: cluster1, cluster2")]
    [InlineData("--timeout", "0", "meshinfra: --timeout 0: give the seconds each cluster's reading may take, from 1 to 3600")]
    [InlineData("--expiry-days", "-1", "meshinfra: --expiry-days -1: give a number of days from 0 to 3650")]
    public void A_bad_flag_is_exit_2_and_one_line(string flag, string value, string expected)
    {
        var result = InProcessCli.Run("doctor", Stack, flag, value, "--kubeconfig", "/nonexistent/never-read");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal(expected, result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0]);
    }

    [Fact]
    public void The_same_cluster_twice_is_refused()
    {
        var result = InProcessCli.Run("doctor", Stack, "--context", "cluster1=a", "--context", "cluster1=b");
        Assert.Equal((2, "--context cluster1: given more than once\n"), (result.ExitCode, result.Stderr));
    }

    [Fact]
    public void An_unknown_format_is_refused()
    {
        var result = InProcessCli.Run("doctor", Stack, "--format", "yaml");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("yaml", result.Stderr, StringComparison.Ordinal);
    }
}
