using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>
/// No output of any command, for any stack the tests know, with or without secrets beside the mesh, valid
/// or not, holds key material or any trace of a <c>secure:</c> value (or of a root key left in plain text).
/// </summary>
public sealed class SecretScanTests
{
    private static readonly SecretScanner Scanner = new(SecretStacks.All);

    public static TheoryData<string> Stacks => new(SecretStacks.Stacks.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Stacks))]
    public void NoOutputOfAnyCommandHoldsKeyMaterialOrASecret(string name)
    {
        var (_, text, valid) = SecretStacks.Stacks.Single(s => s.Name == name);
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.secrets.yaml", text);
        var outDir = temp.Combine("out");
        var outputs = new List<(string What, string Text)>();
        foreach (var args in new[] { ["validate", path], ["plan", path], ["graph", path], ["graph", path, "--format", "dot"], new[] { "render", path, "--out", outDir }, ["diff", Repo.DevStack, path], ["diff", path, Repo.DevStack] })
        {
            var result = CliRunner.Run(args);
            Assert.True(result.ExitCode == (valid ? 0 : 2), result.ToString());
            outputs.Add(($"{args[0]} stdout", result.Stdout));
            outputs.Add(($"{args[0]} stderr", result.Stderr));
        }

        if (valid)
        {
            var rendered = RenderedTree.Bytes(outDir);
            Assert.NotEmpty(rendered);
            outputs.AddRange(rendered.Select(f => ($"rendered {f.Key}", System.Text.Encoding.UTF8.GetString(f.Value))));
        }

        var findings = outputs.SelectMany(o => Scanner.Find(o.Text).Select(f => $"{o.What}: {f}")).ToList();
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public void TheStacksReallyHoldTheSecrets()
    {
        // Otherwise the scan above would pass by looking for secrets that were never there.
        var all = string.Join("\n", SecretStacks.Stacks.Select(s => s.Text));
        Assert.All(SecretStacks.All.Take(4), secret => Assert.Contains($"secure: {secret}", all, StringComparison.Ordinal));
        Assert.Contains(SecretStacks.PlainRootKey.Replace("\n", "\\n", StringComparison.Ordinal), all, StringComparison.Ordinal);
        // The secrets are fixed, and each gives its whole, its payload, every chunk and word of it and
        // of its decoded body: a count that moves means the scanner looks for something else now.
        Assert.Equal(1051, Scanner.NeedleCount);
    }

    [Fact]
    public void TheScannerFindsPlantedKeysAndEveryPartOfASecret()
    {
        var keyBody = SecretStacks.PlainRootKey.Split('\n')[3];
        var certPayload = SecretStacks.RootCaCert[3..];
        string[] planted =
        [
            "x -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY----- y",
            "ca.key: PRIVATE KEY",
            "# BEGIN",
            $"token: {SecretStacks.RegistryToken}",
            $"payload: {certPayload}",
            $"slice: {certPayload.Substring(101, 24)}",
            $"decoded: {keyBody[20..44]}",
            "word: marmalade",
        ];

        Assert.All(planted, text => Assert.NotEmpty(Scanner.Find(text)));
        Assert.Empty(Scanner.Find("mesh1: cluster1 and cluster2 in network1, reviews v1 v2 v3 <generated at deploy time: cluster1 ca-key.pem>"));
    }
}
