using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>An east-west gateway on a NodePort the stack does not pin: validate says what a recreated Service does, and still exits 0.</summary>
public sealed class NodePortWarningTests
{
    private const string Frankfurt = "          addressMode: nodePort\n          nodeAddress: 198.51.100.20\n";

    [Fact]
    public void AnUnpinnedNodePortGatewayIsAWarningNamingTheKey()
    {
        var result = CliRunner.Run("validate", Repo.ProdStack);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [$"{Repo.ProdStack}:46:11: warning: mesh.clusters[2].gateway.nodePort: not set: Kubernetes picks the east-west gateway's NodePort in dc-frankfurt and the other clusters dial it, so a recreated Service gets another port and they lose dc-frankfurt until the next deploy; pin it (30000-32767), e.g. the port the Service has now"],
            result.AllErrorLines.Where(l => !l.Contains(CliResult.PublicDomainWarning, StringComparison.Ordinal)));
    }

    [Fact]
    public void APinnedNodePortIsInTheServiceAndWhatOtherClustersDial()
    {
        using var temp = new TempDirectory();
        var text = File.ReadAllText(Repo.ProdStack);
        Assert.Contains(Frankfurt, text, StringComparison.Ordinal);
        var path = temp.File("Pulumi.t.yaml", text.Replace(Frankfurt, Frankfurt + "          nodePort: 31443\n", StringComparison.Ordinal));

        var validate = CliRunner.Run("validate", path);
        Assert.Equal(0, validate.ExitCode);
        Assert.DoesNotContain(validate.AllErrorLines, l => l.Contains("gateway.nodePort", StringComparison.Ordinal));

        // The Service pins the port and every other cluster dials it: a recreated Service keeps what they dial.
        var rendered = temp.Combine("out");
        CliRunner.Ok("render", path, "--out", rendered);
        Assert.Contains(Directory.GetFiles(Path.Combine(rendered, "dc-frankfurt"), "*.yaml"), f => File.ReadAllText(f).Contains("nodePort: 31443", StringComparison.Ordinal));
        Assert.Contains(Directory.GetFiles(Path.Combine(rendered, "gke-us-west1"), "*.yaml"), f => File.ReadAllText(f).Contains("- address: \"198.51.100.20\"\n      ports:\n        postgres: 31443", StringComparison.Ordinal));
    }
}
