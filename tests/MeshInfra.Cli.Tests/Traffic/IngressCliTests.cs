using System.Text.Json;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Traffic;

/// <summary>`meshinfra trace --from external --via` and `--path`, a pod's request to an ingress address, and verify's ingress cases on the dev stack.</summary>
public sealed class IngressCliTests
{
    [Fact]
    public void TheWalkthroughsCurlReachesHttpbinThroughTheSidecarsPassthrough()
    {
        var output = CliRunner.Ok("trace", Repo.DevStack, "--set", "cluster2.ingressAddress=203.0.113.20",
            "--from", "cluster1/foo/sleep", "--to", "203.0.113.20:80", "--header", "Host=httpbin.example.com", "--path", "/status/200").Stdout;
        Assert.Contains("passthrough 203.0.113.20:80 is no service of cluster1's registry: outboundTrafficPolicy ALLOW_ANY sends it out through PassthroughCluster", output, StringComparison.Ordinal);
        Assert.Contains("route       host httpbin.example.com, rule 0 (uri prefix '/status' or uri prefix '/delay')  [cluster2 VirtualService bar/httpbin]", output, StringComparison.Ordinal);
        Assert.Contains("arrives     cluster2/bar/httpbin (v1) 100%", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/productpage")]
    [InlineData("/static/img/izzy.png")]
    [InlineData("/login")]
    [InlineData("/logout")]
    [InlineData("/api/v1/products")]
    public void BookinfosIngressPathsReachProductpageFromOutside(string path)
    {
        var output = CliRunner.Ok("trace", Repo.DevStack, "--from", "external", "--via", "cluster1", "--to", "bookinfo.example.com:80", "--path", path).Stdout;
        Assert.Contains("arrives     cluster1/default/productpage-v1 (v1) 100%", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("httpbin.example.com:80", "/headers", "FAIL route  no rule for host httpbin.example.com matches /headers")]
    [InlineData("other.example.com:80", "/status/200", "FAIL host   Host 'other.example.com' matches no virtual host on port 80 (hosts: httpbin.example.com)")]
    [InlineData("httpbin.example.com:8080", "/status/200", "FAIL ingress istio-ingressgateway.istio-ingress.svc.cluster.local exposes no port 8080")]
    public void ABrokenWayInExitsTwoAtItsHop(string to, string path, string line)
    {
        var result = CliRunner.Run("trace", Repo.DevStack, "--from", "external", "--via", "cluster2", "--to", to, "--path", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(line, result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--from", "external", "--to", "httpbin.example.com:80" }, "--from external: add --via <cluster>, the cluster whose ingress gateway the request enters (clusters with one: cluster1, cluster2)")]
    [InlineData(new[] { "--from", "cluster1/foo/sleep", "--via", "cluster2", "--to", "httpbin.example.com:80" }, "--via 'cluster2': only with --from external (a pod's request reaches an ingress gateway by its address: --to <address>:<port>)")]
    [InlineData(new[] { "--from", "external", "--via", "cluster9", "--to", "httpbin.example.com:80" }, "--via 'cluster9': no cluster of the stack by that name runs an ingress gateway (ingressGateway: true); clusters with one: cluster1, cluster2")]
    [InlineData(new[] { "--from", "external", "--via", "cluster2", "--to", "httpbin.example.com:80", "--path", "status" }, "--path 'status': expected a path starting with /, without spaces, e.g. /status/200")]
    public void BadIngressArgumentsAreOneLineAndExitTwo(string[] args, string message)
    {
        var result = CliRunner.Run(["trace", Repo.DevStack, .. args]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(message, Assert.Single(result.ErrorLines));
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void VerifyListsEveryWayIntoTheDevStack()
    {
        using var json = JsonDocument.Parse(CliRunner.Ok("verify", Repo.DevStack, "--format", "json").Stdout);
        var ingress = json.RootElement.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("from").GetString()!.StartsWith("external", StringComparison.Ordinal))
            .Select(r => $"{r.GetProperty("from").GetString()} {r.GetProperty("host").GetString()} {r.GetProperty("path").GetString()} {r.GetProperty("passed").GetBoolean()}")
            .ToList();
        Assert.Equal(
            [
                "external via cluster1 meshinfra-verify.example /productpage True",
                "external via cluster1 meshinfra-verify.example /productpage True",
                "external via cluster1 meshinfra-verify.example /static True",
                "external via cluster1 meshinfra-verify.example /login True",
                "external via cluster1 meshinfra-verify.example /logout True",
                "external via cluster1 meshinfra-verify.example /api/v1/products True",
                "external via cluster1 meshinfra-verify.example /meshinfra-verify-no-route True",
                "external via cluster2 httpbin.example.com /status True",
                "external via cluster2 httpbin.example.com /status True",
                "external via cluster2 httpbin.example.com /delay True",
                "external via cluster2 httpbin.example.com /meshinfra-verify-no-route True",
            ],
            ingress);
    }

    [Fact]
    public void AnIngressGatewayNoGatewayServesIsListedAsNotExercised()
    {
        var output = CliRunner.Ok("verify", Repo.ProdStack).Stdout;
        Assert.Contains("external (gke-us-west1)  *:80", output, StringComparison.Ordinal);
        Assert.Contains("ingress (not exercised: no plain-HTTP Gateway server selects its pods)  skipped", output, StringComparison.Ordinal);
        Assert.EndsWith("(1 not exercised), 0 failed", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheReadmesIngressTraceIsWhatTraceSaysToday()
    {
        var output = CliRunner.Ok("trace", Repo.DevStack, "--from", "external", "--via", "cluster2", "--to", "httpbin.example.com:80", "--path", "/status/200").Stdout;
        Assert.Contains("```\n" + output + "```", File.ReadAllText(Path.Combine(Repo.Root, "README.md")), StringComparison.Ordinal);
    }
}
