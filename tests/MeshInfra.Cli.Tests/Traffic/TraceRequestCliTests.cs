using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Traffic;

/// <summary>
/// How `meshinfra trace` reads the request a user types (issue 17, the survivors of Traffic/TraceRequest.cs):
/// the request line the trace prints first, as the user gave it (external or from a pod, the path unless
/// <c>/</c>, each header lower-cased), the pods it reaches, and for text that is no request one line that
/// names the argument and the fix, exit 2, nothing on stdout.
/// </summary>
public sealed class TraceRequestCliTests
{
    public static TheoryData<string[], string, string> Requests => new()
    {
        { ["--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000"], "trace cluster1/foo/sleep -> httpbin.bar.global:8000", "cluster2 v1 100%" },
        { ["--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000", "--path", "/status/200"], "trace cluster1/foo/sleep -> httpbin.bar.global:8000 /status/200", "cluster2 v1 100%" },

        // Header names are case-insensitive; Envoy matches them lower-cased. Two headers, each in brackets.
        { ["--from", "cluster1/default/productpage-v1", "--to", "reviews:9080", "--header", "End-User=jason", "--header", "x-team=blue"], "trace cluster1/default/productpage-v1 -> reviews:9080 [end-user: jason] [x-team: blue]", "cluster2 v2 50%, cluster2 v3 50%" },

        // RFC 9110 5.5: a field value has no leading or trailing whitespace; Envoy strips it before matching.
        { ["--from", "cluster1/default/productpage-v1", "--to", "reviews:9080", "--header", "end-user= jason "], "trace cluster1/default/productpage-v1 -> reviews:9080 [end-user: jason]", "cluster2 v2 50%, cluster2 v3 50%" },

        // DNS names are case-insensitive (RFC 4343): HTTPBIN is httpbin.
        { ["--from", "cluster1/foo/sleep", "--to", "HTTPBIN.Bar.Global:8000"], "trace cluster1/foo/sleep -> httpbin.bar.global:8000", "cluster2 v1 100%" },
        { ["--from", "external", "--via", "cluster2", "--to", "httpbin.example.com:80", "--path", "/status/200"], "trace external -> httpbin.example.com:80 via cluster2 /status/200", "cluster2 v1 100%" },
        { ["--from", "external", "--via", "cluster1", "--to", "bookinfo.example.com:80", "--path", "/productpage", "--header", "Cookie=user=jason"], "trace external -> bookinfo.example.com:80 via cluster1 /productpage [cookie: user=jason]", "cluster1 v1 100%" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void TheRequestLineIsWhatTheUserAskedAndReachesItsPods(string[] args, string requestLine, string reaches)
    {
        var output = CliRunner.Ok(["trace", Repo.DevStack, .. args]).Stdout;
        Assert.Equal(requestLine, output.Split('\n')[0]);
        Assert.Contains($"\n  reaches    {reaches}\n", output, StringComparison.Ordinal);
    }

    private const string HostFix = "the host must be a DNS name, an IPv4 address or a ${...} value of the stack, without scheme or path (the path goes in --path), e.g. --to httpbin.bar.global:8000 --path /status/200";

    private const string HeaderFix = "expected NAME=VALUE, NAME an HTTP header name (letters, digits and !#$%&'*+-.^_`|~), e.g. --header end-user=jason";

    public static TheoryData<string[], string> BadRequests => new()
    {
        // A URL pasted whole: the scheme is no part of a host.
        { ["--from", "cluster1/foo/sleep", "--to", "http://httpbin.bar.global:8000"], $"--to 'http://httpbin.bar.global:8000': {HostFix}" },
        { ["--from", "external", "--via", "cluster2", "--to", "httpbin.example.com/status:80"], $"--to 'httpbin.example.com/status:80': {HostFix}" },
        { ["--from", "cluster1/foo/sleep", "--to", "httpbin bar:8000"], $"--to 'httpbin bar:8000': {HostFix}" },
        { ["--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global\nFAIL x:8000"], $"--to 'httpbin.bar.global FAIL x:8000': {HostFix}" },
        { ["--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:80000"], "--to 'httpbin.bar.global:80000': expected <host>:<port>, e.g. httpbin.bar.global:8000" },

        // A newline in a value is echoed as a space: the error stays one line.
        { ["--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000", "--path", "/status\nFAIL x"], "--path '/status FAIL x': expected a path starting with /, without spaces, e.g. /status/200" },
        { ["--from", "external", "--via", "cluster2\nFAIL x", "--to", "httpbin.example.com:80"], "--via 'cluster2 FAIL x': no cluster of the stack by that name runs an ingress gateway (ingressGateway: true); clusters with one: cluster1, cluster2" },
        { ["--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000", "--header", "=jason"], $"--header '=jason': {HeaderFix}" },
        { ["--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000", "--header", " =jason"], $"--header ' =jason': {HeaderFix}" },
        { ["--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000", "--header", "end user=jason"], $"--header 'end user=jason': {HeaderFix}" },
        { ["--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000", "--header", "end-user: jason"], $"--header 'end-user: jason': {HeaderFix}" },
        { ["--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000", "--header", "end-user=jason\r\nx-admin=1"], "--header 'end-user=jason  x-admin=1': a header value cannot hold control characters (HTTP forbids CR, LF and NUL in one)" },

        // The same header twice, in any case, is two values for one name: which one a rule sees is no longer clear.
        { ["--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000", "--header", "end-user=jason", "--header", "End-User=mike"], "--header 'End-User=mike': header 'end-user' is given twice (header names are case-insensitive); give it once" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void TextThatIsNoRequestIsOneLineNamingTheArgumentAndExitsTwo(string[] args, string message)
    {
        var result = CliRunner.Run(["trace", Repo.DevStack, .. args]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(message, Assert.Single(result.ErrorLines));
        Assert.Empty(result.Stdout);
    }

    /// <summary>A placeholder of the stack's deferred values is a host: the README's walkthrough traces to one.</summary>
    [Fact]
    public void AnIngressAddressPlaceholderIsAHost()
    {
        var output = CliRunner.Ok("trace", Repo.DevStack, "--from", "cluster1/foo/sleep", "--to", "${cluster2.ingressAddress}:80", "--header", "Host=httpbin.example.com", "--path", "/status/200").Stdout;
        Assert.Equal("trace cluster1/foo/sleep -> ${cluster2.ingressAddress}:80 /status/200 [host: httpbin.example.com]", output.Split('\n')[0]);
        Assert.Contains("\n  reaches    cluster2 v1 100%\n", output, StringComparison.Ordinal);
    }
}
