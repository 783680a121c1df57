using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>Stack files the bad-stack generator (or its probing) found mishandled, each cut down to the smallest file that showed it.</summary>
public sealed class CliRegressionTests
{
    private static CliResult Validate(TempDirectory temp, string yaml) => CliRunner.Run("validate", temp.File("Pulumi.case.yaml", yaml));

    [Fact]
    public void ASecureValueUnderAKeyWithALineBreakIsReportedOnOneLine()
    {
        using var temp = new TempDirectory();

        var result = Validate(temp, "config:\n  mesh-infra:mesh:\n    \"a\\nb\": {secure: v1:abc}\n");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"{temp.Combine("Pulumi.case.yaml")}:3:13: mesh[\"a b\"] is an encrypted (secure:) value; of the mesh config only clusters[].kubeconfig may be a secret, and the offline CLI never decrypts, so write it in plain text",
            Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void AnErrorUnderAKeyWithALineBreakPointsAtThatKey()
    {
        using var temp = new TempDirectory();

        var result = Validate(temp, "config:\n  mesh-infra:mesh:\n    meshId: m\n    \"a\\nb\": 1\n");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith($"{temp.Combine("Pulumi.case.yaml")}:4:5: mesh[\"a b\"]: unknown key (known keys: meshId, ", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSameHeaderMatchedTwiceIsBadInputNotAnInternalError()
    {
        using var temp = new TempDirectory();
        var dev = File.ReadAllText(Repo.DevStack);
        const string jason = "                end-user:\n                  exact: jason\n";
        Assert.Contains(jason, dev, StringComparison.Ordinal);

        var result = Validate(temp, dev.Replace(jason, jason + "                End-User:\n                  exact: bob\n", StringComparison.Ordinal));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.EndsWith(": mesh.routes[0].http[0].match.headers.End-User: header 'end-user' is already matched in this rule (header names are case-insensitive); give it one condition", StringComparison.Ordinal));
    }

    [Fact]
    public void AMeshIdWrittenAsABlockScalarKeepsItsLineFeedAndIsRejected()
    {
        using var temp = new TempDirectory();
        var dev = File.ReadAllText(Repo.DevStack);

        // A literal block scalar ends with a line feed: "mesh1\n", which used to pass as a DNS label.
        var result = Validate(temp, dev.Replace("    meshId: mesh1\n", "    meshId: |\n      mesh1\n", StringComparison.Ordinal));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.EndsWith(": mesh.meshId: holds the character U+000A, which no value here may hold (config is data that reaches scripts, comments and terminals); remove it", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void AFileNestedAHundredThousandDeepIsBadInputNotAStackOverflow(string open, string close)
    {
        // YamlDotNet builds its tree recursively: this 200 kB file used to overflow the stack and abort the
        // process (exit 134). Run out of process, so that a regression fails this test, not the whole run.
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.deep.yaml", "config:\n  mesh-infra:mesh:\n    meshId: " + string.Concat(Enumerable.Repeat(open, 100_000)) + string.Concat(Enumerable.Repeat(close, 100_000)) + "\n");

        var result = MeshinfraProcess.Run("validate", path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(path)}:3:\\d+: YAML nested more than 256 levels deep", Assert.Single(result.ErrorLines));
    }
}
