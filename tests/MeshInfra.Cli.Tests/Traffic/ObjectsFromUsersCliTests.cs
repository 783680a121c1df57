using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Traffic;

/// <summary>
/// `trace --objects DIR` over a render with a user's own objects added beside MeshInfra's: the folder reader keeps
/// what Istio orders and selects by (metadata.creationTimestamp, spec.workloadSelector), so the model merges and
/// chooses as istiod would.
/// </summary>
public sealed class ObjectsFromUsersCliTests
{
    private const string OlderRule = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: theirs
          namespace: istio-system
          creationTimestamp: "2026-11-01T00:00:00Z"
        spec:
          host: httpbin.bar.global
          trafficPolicy:
            tls:
              mode: DISABLE
        """;

    [Fact]
    public void AnOlderUserRuleMergedIntoOursIsNamedAtTheClusterHopAndItsPolicyWins()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        File.WriteAllText(Path.Combine(temp.Path, "cluster1", "99-user-destinationrule.yaml"), OlderRule);

        var result = CliRunner.Run("trace", Repo.DevStack, "--objects", temp.Path, "--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000");
        Assert.Contains("tls DISABLE (DestinationRule istio-system/theirs merged with istio-system/httpbin.bar.global)  [cluster1 DestinationRule istio-system/theirs]", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("reaches    cluster2", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AWorkloadSelectorRuleDecidesOnlyForThePodsItSelects()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        File.WriteAllText(Path.Combine(temp.Path, "cluster1", "99-user-destinationrule.yaml"), OlderRule
            .Replace("namespace: istio-system", "namespace: foo", StringComparison.Ordinal)
            .Replace("spec:\n", "spec:\n  workloadSelector:\n    matchLabels:\n      app: other\n", StringComparison.Ordinal));

        // sleep is not selected, and the host is in foo's own index: no DestinationRule at all for it.
        var sleep = CliRunner.Run("trace", Repo.DevStack, "--objects", temp.Path, "--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000");
        Assert.Contains("    cluster     outbound|8000||httpbin.bar.global 100%: tls AUTO\n", sleep.Stdout, StringComparison.Ordinal);
        Assert.Contains("  FAILS      gateway: cluster2's east-west gateway routes only mTLS by its SNI", sleep.Stdout, StringComparison.Ordinal);

        var elsewhere = CliRunner.Ok("trace", Repo.DevStack, "--objects", temp.Path, "--from", "cluster1/web/client", "--to", "httpbin.bar.global:8000");
        Assert.Contains("reaches    cluster2 v1 100%", elsewhere.Stdout, StringComparison.Ordinal);
    }
}
