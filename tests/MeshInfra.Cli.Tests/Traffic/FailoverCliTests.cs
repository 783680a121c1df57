using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Traffic;

/// <summary>trace and verify with clusters down (--down) and gateway names that resolve to several addresses (--resolves).</summary>
public sealed class FailoverCliTests
{
    private const string Elb = "a1b2.elb.us-east-1.amazonaws.com";

    [Fact]
    public void TraceShowsTheDownClustersShareMovingToTheOther()
    {
        var up = CliRunner.Ok("trace", Repo.ProdStack, "--from", "dc-frankfurt/web/app", "--to", "checkout.shop.global:8080").Stdout;
        Assert.Contains("  reaches    eks-us-east-1 50%, gke-us-west1 50%\n", up, StringComparison.Ordinal);

        var down = CliRunner.Ok("trace", Repo.ProdStack, "--from", "dc-frankfurt/web/app", "--to", "checkout.shop.global:8080", "--down", "gke-us-west1").Stdout;
        Assert.Contains("  reaches    eks-us-east-1 100%\n", down, StringComparison.Ordinal);
        Assert.Contains("EJECTED (down)", down, StringComparison.Ordinal);
        Assert.Contains("  assumes    gke-us-west1 is down (--down), so its east-west gateway refuses connections, outlier detection ejects it where the DestinationRule has one, and its clients send nothing\n", down, StringComparison.Ordinal);
    }

    [Fact]
    public void TraceJsonGivesTheShareLostBeforeEjection()
    {
        // Frankfurt's first attempts split over both gateways; retries leave 1/2 x (1/64)^2 failing until us-west1 is ejected.
        var down = CliRunner.Ok("trace", Repo.ProdStack, "--from", "dc-frankfurt/web/app", "--to", "checkout.shop.global:8080", "--down", "gke-us-west1", "--format", "json").Stdout;
        using var json = System.Text.Json.JsonDocument.Parse(down);
        Assert.Equal(Math.Round(0.5 / 4096, 6), json.RootElement.GetProperty("failingBeforeEjection").GetDouble(), 9);
        var up = CliRunner.Ok("trace", Repo.ProdStack, "--from", "dc-frankfurt/web/app", "--to", "checkout.shop.global:8080", "--format", "json").Stdout;
        using var upJson = System.Text.Json.JsonDocument.Parse(up);
        Assert.Equal(0, upJson.RootElement.GetProperty("failingBeforeEjection").GetDouble());
    }

    [Fact]
    public void AnElbNameResolvingToThreeAddressesTakesThreeParts()
    {
        var plain = CliRunner.Ok("trace", Repo.ProdStack, "--from", "dc-frankfurt/web/app", "--to", "checkout.shop.global:8080", "--set", $"eks-us-east-1.gatewayAddress={Elb}").Stdout;
        Assert.Contains($"{Elb} is resolved by DNS (STRICT_DNS): each address it resolves to is a host of its own, so its share grows with their number; counted as 1 (give --resolves {Elb}=N)", plain, StringComparison.Ordinal);
        Assert.Contains("  reaches    eks-us-east-1 50%, gke-us-west1 50%\n", plain, StringComparison.Ordinal);

        var three = CliRunner.Ok("trace", Repo.ProdStack, "--from", "dc-frankfurt/web/app", "--to", "checkout.shop.global:8080", "--set", $"eks-us-east-1.gatewayAddress={Elb}", "--resolves", $"{Elb}=3").Stdout;
        Assert.Contains("  reaches    eks-us-east-1 75%, gke-us-west1 25%\n", three, StringComparison.Ordinal);
        Assert.Contains($"  assumes    {Elb} resolves to 3 addresses (--resolves), 3 hosts in Envoy\n", three, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyWithAClusterDownChecksOnlyTheOthersAndFailsWhatOnlyItServed()
    {
        var result = CliRunner.Run("verify", Repo.ProdStack, "--down", "dc-frankfurt");
        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain(result.Stdout.Split('\n'), l => l.StartsWith("dc-frankfurt ", StringComparison.Ordinal));
        Assert.Contains("every endpoint of ledger.pay.global is ejected (clusters down: dc-frankfurt): Envoy finds no healthy upstream and answers 503", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TracingFromADownClusterSaysItsClientsSendNothing()
    {
        var result = CliRunner.Run("trace", Repo.DevStack, "--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000", "--down", "cluster1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("  FAILS      down: cluster1 is down (--down cluster1): its clients are not traced\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void BadDownAndResolvesValuesAreOneLineEachNamingTheFlag()
    {
        var result = CliRunner.Run("trace", Repo.DevStack, "--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000", "--down", "cluster9", "--resolves", "elb.example.com");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [
                "--down 'cluster9': no cluster by that name in the stack (clusters: cluster1, cluster2)",
                "--resolves 'elb.example.com': expected HOST=N, a gateway's DNS name and the number of addresses it resolves to (1 to 64), e.g. --resolves a1b2.elb.eu-west-1.amazonaws.com=3",
            ],
            result.ErrorLines);
        Assert.Equal(["--down: every cluster of the stack is down; leave at least one up to trace from"], CliRunner.Run("verify", Repo.DevStack, "--down", "cluster1", "--down", "cluster2").ErrorLines);
    }

    [Fact]
    public void TheReadmesFailoverTraceIsWhatTraceSaysToday()
    {
        var output = CliRunner.Ok("trace", Repo.ProdStack, "--from", "dc-frankfurt/web/app", "--to", "checkout.shop.global:8080", "--down", "gke-us-west1").Stdout;
        Assert.Contains("```\n" + output + "```", File.ReadAllText(Path.Combine(Repo.Root, "README.md")), StringComparison.Ordinal);
    }
}
