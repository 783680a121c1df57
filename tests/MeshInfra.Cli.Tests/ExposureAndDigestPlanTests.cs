using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// A reviewer of `plan` sees who may reach each east-west gateway and which Istio images are pinned
/// by digest (issue 21, items 6 and 8).
/// </summary>
public sealed class ExposureAndDigestPlanTests
{
    private const string Pilot = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private static readonly string Dev = File.ReadAllText(Repo.DevStack);

    [Fact]
    public void PlanShowsTheGatewaysExposureAndThePinnedImages()
    {
        using var temp = new TempDirectory();
        var edited = Dev
            .Replace("      version: \"1.31.1\"\n", $"      version: \"1.31.1\"\n      imageDigests:\n        pilot: {Pilot}\n", StringComparison.Ordinal)
            .Replace("        gateway:\n          addressMode: loadBalancer\n        ingressGateway: true\n", "        gateway:\n          addressMode: loadBalancer\n          internalLoadBalancer: gke\n          loadBalancerSourceRanges: [10.20.0.0/16, 10.30.0.0/16]\n        ingressGateway: true\n", StringComparison.Ordinal);
        Assert.Contains(Pilot, edited, StringComparison.Ordinal);
        Assert.Contains("internalLoadBalancer: gke", edited, StringComparison.Ordinal);

        var stdout = CliRunner.Ok("plan", temp.File("Pulumi.dev.yaml", edited)).Stdout;

        Assert.Contains($"  Images pinned by digest: pilot {Pilot}, proxyv2 no (by tag)\n", stdout, StringComparison.Ordinal);
        Assert.Contains(", internal load balancer (gke), admits 10.20.0.0/16 10.30.0.0/16\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AStackWithoutDigestsSaysItsImagesArePulledByTag()
    {
        var stdout = CliRunner.Ok("plan", Repo.DevStack).Stdout;
        Assert.Contains("  Images pinned by digest: pilot no (by tag), proxyv2 no (by tag)\n", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("internal load balancer", stdout, StringComparison.Ordinal);
    }
}
