using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary><c>meshinfra diff OLD NEW</c> on copies of the dev stack, and retirement warnings on stderr.</summary>
public sealed class DiffTests
{
    private static readonly string Dev = File.ReadAllText(Repo.DevStack);

    private static string WithIstio(string istioBlock) =>
        Dev.Replace("    istio:\n      version: \"1.31.1\"\n", istioBlock, StringComparison.Ordinal);

    private static readonly string On130 = WithIstio("    istio:\n      version: \"1.30.3\"\n");

    [Fact]
    public void TheSameStackHasNoChanges()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Ok("diff", temp.File("Pulumi.a.yaml", Dev), temp.File("Pulumi.b.yaml", Dev));
        Assert.Contains("\nNo changes: both stack files plan the same resources with the same fields.\n", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.OtherStderr);
    }

    [Fact]
    public void AnUpgradeShowsEachChangedReleaseFieldByFieldPerClusterInApplyOrder()
    {
        using var temp = new TempDirectory();
        var upgrade = WithIstio("    istio:\n      version: \"1.31.1\"\n      upgradeFrom:\n        version: \"1.30.3\"\n");
        var lines = CliRunner.Ok("diff", temp.File("Pulumi.old.yaml", On130), temp.File("Pulumi.new.yaml", upgrade)).Stdout.Split('\n');

        Assert.Equal("0 resources added, 8 changed, 0 removed", lines[1]);
        var cluster1 = lines.SkipWhile(l => l != "cluster cluster1").TakeWhile(l => l.Length > 0).ToList();
        Assert.Equal(
            ["istio-base", "istiod", "istio-eastwestgateway", "istio-ingressgateway"],
            cluster1.Where(l => l.StartsWith("  ~ ", StringComparison.Ordinal)).Select(l => l.Split("HelmRelease ")[1].Split(' ')[0].Split('/')[1]));
        Assert.Equal(4, cluster1.Count(l => l == "      ~ version: \"1.30.3\" -> \"1.31.1\""));
        Assert.Contains("Istio upgrade", lines);
        Assert.Contains("  Istio 1.30.3 -> 1.31.1, in place; one cluster at a time", lines);
    }

    [Fact]
    public void AVersionChangeWithoutUpgradeFromIsCalledOut()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Ok("diff", temp.File("Pulumi.old.yaml", On130), temp.File("Pulumi.new.yaml", Dev));
        Assert.Contains("Caution: Istio changes from 1.30.3 to 1.31.1 in every cluster at once. To upgrade one cluster at a time, add istio.upgradeFrom: {version: \"1.30.3\"}.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void RemovingAServiceListsItsObjectsAsRemoved()
    {
        using var temp = new TempDirectory();
        var withoutHttpbin = Dev.Replace("      httpbin:\n        cluster: cluster2\n        namespace: bar\n", "", StringComparison.Ordinal);
        Assert.NotEqual(Dev, withoutHttpbin);
        var stdout = CliRunner.Ok("diff", temp.File("Pulumi.old.yaml", Dev), temp.File("Pulumi.new.yaml", withoutHttpbin)).Stdout;
        Assert.Contains("  - ServiceEntry istio-system/httpbin.bar.global", stdout, StringComparison.Ordinal);
        Assert.Contains("  ~ [", stdout, StringComparison.Ordinal); // the CoreDNS hosts change
        Assert.DoesNotContain("  + ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadNewStackExitsTwoNamingItsFileAndKey()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Run("diff", temp.File("Pulumi.old.yaml", Dev), temp.File("Pulumi.new.yaml", WithIstio("    istio:\n      version: \"1.29.6\"\n")));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Pulumi.new.yaml:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("mesh.istio.version: '1.29.6' is not a supported Istio version: MeshInfra installs the 1.30 and 1.31 lines", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void PlanShowsTheUpgradeStepsAndTheSourcesOfTheStack()
    {
        using var temp = new TempDirectory();
        var canary = WithIstio("    istio:\n      version: \"1.31.1\"\n      revision: canary\n      upgradeFrom:\n        version: \"1.30.3\"\n");
        var lines = CliRunner.Ok("plan", temp.File("Pulumi.canary.yaml", canary)).Stdout.Split('\n');
        Assert.Contains("  Istio 1.31.1 (revision canary), charts from oci://ghcr.io/istio/release/charts, images from docker.io/istio", lines);
        var upgrade = lines.SkipWhile(l => l != "Istio upgrade").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.Equal("  Istio 1.30.3 -> 1.31.1, canary: istiod-canary is installed beside istiod (1.30.3); one cluster at a time", upgrade[0]);
        Assert.Equal("  2. cluster1: install istiod-canary 1.31.1 beside istiod 1.30.3", upgrade[2]);
        Assert.StartsWith("  Next run, once every workload runs the new sidecar: the handover, istio.upgradeFrom: {version: \"1.30.3\", handover: true}", upgrade[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void ARetiredChartSourceIsAWarningOnStderrAndTheExitCodeStaysZero()
    {
        using var temp = new TempDirectory();
        var stack = temp.File("Pulumi.gcs.yaml", WithIstio("    istio:\n      version: \"1.30.3\"\n      chartRepository: https://istio-release.storage.googleapis.com/charts\n"));
        foreach (var command in new[] { "validate", "plan" })
        {
            var result = CliRunner.Ok(command, stack);
            var warning = Assert.Single(result.ErrorLines);
            Assert.Matches(@"Pulumi\.gcs\.yaml:\d+:\d+: warning: mesh\.istio\.chartRepository: 'https://istio-release\.storage\.googleapis\.com/charts' is on Google Cloud, which Istio stops serving charts from in December 2026; use 'oci://ghcr\.io/istio/release/charts' or 'https://blob\.istio\.io/istio-release/charts'$", warning);
        }
    }
}
