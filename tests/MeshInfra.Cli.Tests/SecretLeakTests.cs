using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>No command ever prints key material: not in output, not in any rendered file.</summary>
public sealed class SecretLeakTests
{
    public static TheoryData<string> Stacks => new() { Repo.DevStack, Repo.ProdStack };

    [Theory]
    [MemberData(nameof(Stacks))]
    public void NoOutputOfAnyCommandHoldsKeyMaterial(string stack)
    {
        using var temp = new TempDirectory();
        var outputs = new List<string>();
        foreach (var args in new[]
        {
            new[] { "validate", stack },
            ["plan", stack],
            ["graph", stack],
            ["graph", stack, "--format", "dot"],
            ["render", stack, "--out", temp.Combine("placeholders")],
        })
        {
            var result = CliRunner.Ok(args);
            outputs.Add(result.Stdout);
            outputs.Add(result.Stderr);
        }

        outputs.AddRange(RenderedTree.Texts(temp.Path));

        Assert.True(outputs.Count > 10);
        Assert.All(outputs, text =>
        {
            Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
            Assert.DoesNotContain("BEGIN", text, StringComparison.Ordinal);
        });
    }
}
