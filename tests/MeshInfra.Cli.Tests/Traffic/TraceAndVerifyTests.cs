using System.Text.Json;
using MeshInfra.Cli.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Cli.Tests.Traffic;

/// <summary>
/// `meshinfra trace` and `verify` over the stacks' own objects, and over the objects MeshInfra
/// rendered before the data-plane fix (Traffic/BeforeFix/dev, written by the previous release's
/// `render` of Pulumi.dev.yaml): the model must report what a review of Istio 1.30.3 found there.
/// </summary>
public sealed class TraceAndVerifyTests
{
    private static readonly string BeforeFix = Path.Combine(Repo.Root, "tests", "MeshInfra.Cli.Tests", "Traffic", "BeforeFix", "dev");

    [Fact]
    public void BothStacksPassTheWholeMatrixWithAndWithoutDeployTimeValues()
    {
        Assert.EndsWith("0 failed", CliRunner.Ok("verify", Repo.DevStack).Stdout.TrimEnd(), StringComparison.Ordinal);
        Assert.EndsWith("0 failed", CliRunner.Ok("verify", Repo.DevStack, "--set", "cluster1.gatewayAddress=203.0.113.1", "--set", "cluster2.gatewayAddress=203.0.113.2").Stdout.TrimEnd(), StringComparison.Ordinal);
        Assert.EndsWith("0 failed", CliRunner.Ok("verify", Repo.ProdStack).Stdout.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void AClusterTheRouteDoesNotCoverMixingVersionsIsAWarningThatOnlyStrictFails()
    {
        // The dev route for reviews applies to cluster1's clients only: cluster2's requests go to v2 and v3 alike.
        var warning = VerifyMessages.MixedVersions("cluster2", "reviews.default", ["cluster1"], ["v2", "v3"], "cluster2 v2 50%, cluster2 v3 50%");
        var line = $"WARN MixedVersions: {warning.Text}";
        var plain = CliRunner.Ok("verify", Repo.DevStack).Stdout;
        Assert.Single(plain.Split('\n'), l => l.StartsWith("WARN ", StringComparison.Ordinal));
        Assert.Contains(line + "\n", plain, StringComparison.Ordinal);
        Assert.Contains(", 1 warning, 0 failed", plain, StringComparison.Ordinal);

        var strict = CliRunner.Run("verify", Repo.DevStack, "--strict");
        Assert.Equal(2, strict.ExitCode);
        Assert.Contains(line, strict.Stdout, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(CliRunner.Ok("verify", Repo.DevStack, "--format", "json").Stdout);
        Assert.Equal(1, json.RootElement.GetProperty("warnings").GetInt32());
        var warned = json.RootElement.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("warnings").GetArrayLength() > 0).Select(r => r.GetProperty("from").GetString() + " " + r.GetProperty("host").GetString()).ToList();
        Assert.Equal(["cluster2/meshinfra-probe/client reviews.default.global"], warned);
        var kinds = json.RootElement.GetProperty("results").EnumerateArray().SelectMany(r => r.GetProperty("warnings").EnumerateArray()).Select(w => w.GetProperty("kind").GetString());
        Assert.Equal(["MixedVersions"], kinds);
    }

    [Fact]
    public void VerifyJsonCountsEveryCellAndItsShares()
    {
        using var json = JsonDocument.Parse(CliRunner.Ok("verify", Repo.DevStack, "--format", "json").Stdout);
        var root = json.RootElement;
        Assert.Equal(0, root.GetProperty("failed").GetInt32());
        var jason = root.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("from").GetString()!.StartsWith("cluster1/", StringComparison.Ordinal) && r.GetProperty("case").GetString() == "route rule 0");
        Assert.Equal(["cluster2 v2 0.5", "cluster2 v3 0.5"], jason.GetProperty("reaches").EnumerateArray().Select(r => $"{r.GetProperty("cluster").GetString()} {r.GetProperty("version").GetString()} {r.GetProperty("share").GetDouble()}"));
    }

    [Fact]
    public void TraceShowsEachHopAndWhoDecidedIt()
    {
        var output = CliRunner.Ok("trace", Repo.DevStack, "--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000").Stdout;
        Assert.Contains("sidecar DNS proxy", output, StringComparison.Ordinal);
        Assert.Contains("SNI outbound_.8000_._.httpbin.bar.svc.cluster.local", output, StringComparison.Ordinal);
        Assert.Contains("[cluster2 Gateway istio-system/cross-network-gateway]", output, StringComparison.Ordinal);
        Assert.Contains("reaches    cluster2 v1 100%", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheObjectsRenderedBeforeTheFixCarryNoCrossClusterRequest()
    {
        var result = CliRunner.Run("trace", Repo.DevStack, "--objects", BeforeFix, "--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cluster2's east-west gateway: cluster outbound_.8000_._.httpbin.bar.global has no endpoints after Istio's mTLS endpoint filter", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("reaches ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TraceAndVerifyJsonCarryEachFailingHopsKind()
    {
        // The kinds are what a script checks (the reasons' words may change): the pre-fix objects'
        // gateway chain is emptied by Istio's mTLS endpoint filter, and jason's v2 subset resolves to a
        // ClusterIP over two versions.
        var trace = CliRunner.Run("trace", Repo.DevStack, "--objects", BeforeFix, "--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000", "--format", "json");
        Assert.Equal(2, trace.ExitCode);
        using (var json = JsonDocument.Parse(trace.Stdout))
        {
            Assert.False(json.RootElement.GetProperty("succeeded").GetBoolean());
            Assert.Equal(0, json.RootElement.GetProperty("reaches").GetArrayLength());
            var failure = Assert.Single(json.RootElement.GetProperty("failures").EnumerateArray());
            Assert.Equal(("EmptiedByMtlsFilter", "gateway", 1.0), (failure.GetProperty("kind").GetString(), failure.GetProperty("step").GetString(), failure.GetProperty("share").GetDouble()));
            Assert.Contains(json.RootElement.GetProperty("hops").EnumerateArray(), h => h.GetProperty("step").GetString() == "FAIL gateway");
        }

        var verify = CliRunner.Run("verify", Repo.DevStack, "--objects", BeforeFix, "--format", "json");
        Assert.Equal(2, verify.ExitCode);
        using (var json = JsonDocument.Parse(verify.Stdout))
        {
            var kinds = json.RootElement.GetProperty("results").EnumerateArray()
                .SelectMany(r => r.GetProperty("failures").EnumerateArray()).Select(f => f.GetProperty("kind").GetString()).ToHashSet();
            Assert.Contains("EmptiedByMtlsFilter", kinds);
            Assert.Contains("SubsetSpreadsVersions", kinds);
            Assert.All(json.RootElement.GetProperty("results").EnumerateArray().Where(r => !r.GetProperty("passed").GetBoolean()),
                r => Assert.True(r.GetProperty("failures").GetArrayLength() > 0 || r.GetProperty("problems").GetArrayLength() > 0));
        }

        using var passing = JsonDocument.Parse(CliRunner.Ok("trace", Repo.DevStack, "--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000", "--format", "json").Stdout);
        Assert.True(passing.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.Equal(0, passing.RootElement.GetProperty("failures").GetArrayLength());
        Assert.Equal("cluster2 v1 1", string.Join(";", passing.RootElement.GetProperty("reaches").EnumerateArray().Select(r => $"{r.GetProperty("cluster").GetString()} {r.GetProperty("version").GetString()} {r.GetProperty("share").GetDouble()}")));
    }

    [Fact]
    public void TheObjectsRenderedBeforeTheFixCollapsedVersionSubsets()
    {
        var result = CliRunner.Run("trace", Repo.DevStack, "--objects", BeforeFix, "--from", "cluster1/default/productpage-v1", "--to", "reviews:9080", "--header", "end-user=jason");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("subset v2 of reviews.default.global resolves to reviews.default.svc.cluster.local, whose ClusterIP spreads over versions v2, v3", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TheObjectsRenderedBeforeTheFixLetAGatewayForwardToAnotherClustersGateway()
    {
        var result = CliRunner.Run("trace", Repo.DevStack, "--objects", BeforeFix, "--from", "cluster2/bar/httpbin", "--to", "reviews.default.global:9080");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cluster1's east-west gateway cluster for reviews.default.global lists cluster2's east-west gateway", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyFailsOnTheObjectsRenderedBeforeTheFixAndPassesOnARenderOfToday()
    {
        var before = CliRunner.Run("verify", Repo.DevStack, "--objects", BeforeFix);
        Assert.Equal(2, before.ExitCode);
        Assert.Contains("FAIL cluster1/meshinfra-probe/client -> httpbin.bar.global:8000", before.Stdout, StringComparison.Ordinal);

        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        Assert.EndsWith("0 failed", CliRunner.Ok("verify", Repo.DevStack, "--objects", temp.Path).Stdout.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyObjectsReadsTheSetValuesTheRenderWasGiven()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path, "--set", "cluster1.gatewayAddress=198.51.100.10", "--set", "cluster2.gatewayAddress=198.51.100.11");

        // Without the recorded values the model dialled placeholders and every cross-cluster cell failed.
        Assert.EndsWith("0 failed", CliRunner.Ok("verify", Repo.DevStack, "--objects", temp.Path).Stdout.TrimEnd(), StringComparison.Ordinal);
        var trace = CliRunner.Ok("trace", Repo.DevStack, "--objects", temp.Path, "--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000").Stdout;
        Assert.Contains("reaches    cluster2 v1 100%", trace, StringComparison.Ordinal);

        // An explicit --set wins over the recorded value: cluster2's gateway is now an address no endpoint in the objects carries.
        var moved = CliRunner.Run("verify", Repo.DevStack, "--objects", temp.Path, "--set", "cluster2.gatewayAddress=198.51.100.99");
        Assert.Equal(2, moved.ExitCode);
        Assert.Contains("FAIL cluster1/meshinfra-probe/client -> httpbin.bar.global:8000", moved.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ARecordedValueTheStackDoesNotKnowIsOneBadInputNamingTheFile()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path, "--set", "cluster1.gatewayAddress=198.51.100.10");
        var file = Path.Combine(temp.Path, "mesh", "set-values.yaml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("cluster1.gatewayAddress", "cluster9.gatewayAddress", StringComparison.Ordinal));

        var result = CliRunner.Run("verify", Repo.DevStack, "--objects", temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{file}: --set cluster9.gatewayAddress: unknown key; this stack has no deferred value of that name", result.ErrorLines);
        Assert.Equal($"{file}: render the objects again from this stack, or give the value with --set", result.ErrorLines[^1]);
    }

    [Fact]
    public void AnyClientTheUserNamesIsTracedAsAnAssumedPodOfItsNamespace()
    {
        var injected = CliRunner.Ok("trace", Repo.DevStack, "--from", "cluster1/foo/web-frontend", "--to", "httpbin.bar.global:8000").Stdout;
        Assert.Contains("reaches    cluster2 v1 100%", injected, StringComparison.Ordinal);
        Assert.Contains("assumes    cluster1/foo/web-frontend is a pod in namespace foo with a sidecar (the namespace is injected)", injected, StringComparison.Ordinal);

        var unknown = CliRunner.Ok("trace", Repo.DevStack, "--from", "cluster2/team-x/web", "--to", "reviews.default.global:9080").Stdout;
        Assert.Contains("assumes    cluster2/team-x/web is a pod in namespace team-x with a sidecar (no object declares the namespace; its injection is assumed)", unknown, StringComparison.Ordinal);
        Assert.Contains("the model reads only Namespace, Deployment, Pod, Service, ServiceEntry, DestinationRule, VirtualService, Gateway, PeerAuthentication, Sidecar, AuthorizationPolicy", unknown, StringComparison.Ordinal);
        Assert.Contains("and ignores every other kind, here EnvoyFilter, WorkloadEntry", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public void AClientInANamespaceWithoutInjectionSendsPlaintextThatStrictMtlsRefuses()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        File.WriteAllText(Path.Combine(temp.Path, "cluster1", "99-legacy.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n");
        string[] trace = ["trace", Repo.DevStack, "--objects", temp.Path, "--from", "cluster1/legacy/cron", "--to", "reviews.default.svc.cluster.local:9080"];

        var strict = CliRunner.Run(trace);
        Assert.Equal(2, strict.ExitCode);
        Assert.Contains("without a sidecar (the namespace carries no injection label)", strict.Stdout, StringComparison.Ordinal);
        Assert.Contains("accepts only mTLS on port 9080 (STRICT by PeerAuthentication default/default-strict), and a client without a sidecar sends plaintext", strict.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("reaches ", strict.Stdout, StringComparison.Ordinal);

        // A workload-level PERMISSIVE policy on reviews overrides the namespace's STRICT: the plaintext is accepted.
        File.WriteAllText(Path.Combine(temp.Path, "cluster1", "99-permissive.yaml"), "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: legacy-clients\n  namespace: default\nspec:\n  selector:\n    matchLabels:\n      app: reviews\n  mtls:\n    mode: PERMISSIVE\n");
        var permissive = CliRunner.Ok(trace).Stdout;
        Assert.Contains("reaches    cluster1 v1 100%", permissive, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--from", "cluster1/sleep", "--from 'cluster1/sleep': expected <cluster>/<namespace>/<workload>, each a lowercase DNS label (letters, digits, '-'), e.g. cluster1/foo/sleep")]
    [InlineData("--from", "cluster1/Foo/sleep/x", "--from 'cluster1/Foo/sleep/x': expected <cluster>/<namespace>/<workload>, each a lowercase DNS label (letters, digits, '-'), e.g. cluster1/foo/sleep")]
    [InlineData("--from", "cluster9/foo/sleep", "--from 'cluster9/foo/sleep': no cluster 'cluster9' in the stack (clusters: cluster1, cluster2)")]
    [InlineData("--to", "httpbin.bar.global", "--to 'httpbin.bar.global': expected <host>:<port>, e.g. httpbin.bar.global:8000")]
    public void MalformedTraceArgumentsAreBadInput(string option, string value, string message)
    {
        string[] args = option == "--from"
            ? ["trace", Repo.DevStack, "--from", value, "--to", "httpbin.bar.global:8000"]
            : ["trace", Repo.DevStack, "--from", "cluster1/foo/sleep", "--to", value];
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(message, result.Stderr.Trim());
    }

    [Theory]
    [InlineData("a: &x [*x]\n")]
    [InlineData("? [a, b]\n: c\n")]
    [InlineData("kind: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n")]
    public void ABrokenObjectFileIsOneBadInputLineNotACrash(string yaml)
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        File.WriteAllText(Path.Combine(temp.Path, "cluster1", "99-broken.yaml"), yaml);

        var result = CliRunner.Run("verify", Repo.DevStack, "--objects", temp.Path);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith(Path.Combine(temp.Path, "cluster1", "99-broken.yaml"), line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cluster1/foo/sleep", "httpbin.bar.global:8000", null)]
    [InlineData("cluster1/default/productpage-v1", "reviews:9080", "end-user=jason")]
    [InlineData("cluster1/default/productpage-v1", "reviews:9080", null)]
    public void TheReadmesTraceOutputIsWhatTraceSaysToday(string from, string to, string? header)
    {
        string[] args = header is null
            ? ["trace", Repo.DevStack, "--from", from, "--to", to]
            : ["trace", Repo.DevStack, "--from", from, "--to", to, "--header", header];
        var output = CliRunner.Ok(args).Stdout;
        Assert.Contains("```\n" + output + "```", File.ReadAllText(Path.Combine(Repo.Root, "README.md")), StringComparison.Ordinal);
    }
}
