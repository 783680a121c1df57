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
        var rendered = 0;
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
            rendered = args[0] == "render" ? RenderReport.Files(result.Stdout).Sum(f => f.Files) : rendered;
        }

        outputs.AddRange(RenderedTree.Texts(temp.Path));

        // Five commands' stdout and stderr, every file the render says it wrote, and its manifest.
        Assert.Equal(10 + rendered + 1, outputs.Count);
        Assert.All(outputs, text =>
        {
            Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
            Assert.DoesNotContain("BEGIN", text, StringComparison.Ordinal);
        });
    }
}
