using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Traffic;

/// <summary>
/// The dev stack with <c>mesh.endpointResolution: static</c>: trace and verify keep the own cluster first on
/// nodes of any region (the DNS dev stack does not: ClientLocalityCliTests), and every gateway address
/// given at render time must be an IP.
/// </summary>
public sealed class StaticResolutionCliTests
{
    internal static string StaticDevStack(TempDirectory temp)
    {
        File.Copy(Path.Combine(Repo.Root, "Pulumi.yaml"), temp.Combine("Pulumi.yaml"));
        var text = File.ReadAllText(Repo.DevStack).Replace("    meshId: mesh1\n", "    meshId: mesh1\n    endpointResolution: static\n", StringComparison.Ordinal);
        Assert.Contains("endpointResolution: static", text, StringComparison.Ordinal);
        return temp.File("Pulumi.dev.yaml", text);
    }

    [Fact]
    public void TraceKeepsTheOwnClusterFirstOnNodesOfAnotherRegion()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Ok("trace", StaticDevStack(temp), "--from", "cluster2/bar/httpbin", "--to", "reviews.default.global:9080", "--client-locality", "cluster2=eu-west-1/eu-west-1a");
        Assert.Contains("  reaches    cluster2 v2 50%, cluster2 v3 50%\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(by failoverPriority cluster=cluster2; ejected after 5 connection failures, never for 5xx answers)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyPassesOnNodesOfAnotherRegion()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Run("verify", StaticDevStack(temp), "--client-locality", "cluster2=eu-west-1");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("0 failed", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanSaysHowEachClusterDialsItsOwnGateway()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Ok("plan", StaticDevStack(temp));
        Assert.Contains("  Endpoints: resolution STATIC; each cluster's clients try its own cluster, then its region's, then the rest (failoverPriority), whatever their nodes' labels\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  East-west gateway: loadBalancer, reached at ${cluster2.gatewayAddress}:15443, from inside by ${cluster2.gatewayClusterIp}:15443\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Endpoints:", CliRunner.Ok("plan", Repo.DevStack).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ALoadBalancerHostNameIsBadInputNamingTheKeyAndTheFix()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Run("render", StaticDevStack(temp), "--out", temp.Combine("out"), "--set", "cluster1.gatewayAddress=a1b2.elb.us-east-1.amazonaws.com");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("--set cluster1.gatewayAddress: 'a1b2.elb.us-east-1.amazonaws.com' is not an IPv4 address, and mesh.endpointResolution 'static' needs one (Istio takes only IPs as STATIC endpoints; an AWS load balancer publishes a host name): give the IP, or set mesh.endpointResolution to 'dns'", result.ErrorLines[0]);
        Assert.False(Directory.Exists(temp.Combine("out")));
    }

    [Fact]
    public void TheKubectlLayoutNeedsEveryGatewayClusterIp()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Run("render", StaticDevStack(temp), "--out", temp.Combine("out"), "--layout", "kubectl", "--set", "cluster1.gatewayAddress=203.0.113.6", "--set", "cluster2.gatewayAddress=203.0.113.7");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--set cluster1.gatewayClusterIp=ADDRESS --set cluster2.gatewayClusterIp=ADDRESS", result.ErrorLines[0], StringComparison.Ordinal);
        var bad = CliRunner.Run("render", temp.Combine("Pulumi.dev.yaml"), "--out", temp.Combine("out"), "--set", "cluster1.gatewayClusterIp=gw.example");
        Assert.Equal("--set cluster1.gatewayClusterIp: 'gw.example' is not an IPv4 address: give the Service's spec.clusterIP (kubectl get svc istio-eastwestgateway -o jsonpath='{.spec.clusterIP}')", bad.ErrorLines[0]);
    }
}
