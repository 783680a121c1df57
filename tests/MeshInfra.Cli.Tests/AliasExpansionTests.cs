using System.Text;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// Aliases of aliases expand a dozen lines into billions of values. The limit holds while expanding,
/// counted in values over the whole file, whichever key holds them. The error names the value at which
/// counting stopped (<c>a4[7][8][8][8][9]</c> is the 100,001st), which proves the expansion halts at the
/// limit rather than after building the whole tree; how fast that is belongs to the benchmarks, not a
/// timed test on a shared machine.
/// </summary>
public sealed class AliasExpansionTests
{
    private const string Limit = "the file expands (through YAML aliases or merge keys) into more than 100,000 values, the limit for a stack file (a 100-cluster, 1,000-service mesh is about 12,500); write the values out or alias less";

    /// <summary>Ten levels of ten aliases: 10^10 values once expanded, 12 lines as written.</summary>
    private static string NestedAliases(string indent)
    {
        var text = new StringBuilder($"{indent}a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n");
        for (var level = 1; level < 10; level++)
        {
            text.Append(indent).Append($"a{level}: &a{level} [").AppendJoin(',', Enumerable.Repeat($"*a{level - 1}", 10)).Append("]\n");
        }

        return text.ToString();
    }

    private static CliResult ValidateRefused(string path)
    {
        var result = CliRunner.Run("validate", path);
        Assert.Equal(2, result.ExitCode);
        return result;
    }

    [Fact]
    public void NestedAliasesUnderTheMeshAreRefusedAtTheLimit()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", "config:\n  mesh-infra:mesh:\n" + NestedAliases("    "));
        Assert.Equal(12, File.ReadAllLines(path).Length);

        var result = ValidateRefused(path);

        Assert.Equal([$"{path}:3:32: mesh.a4[7][8][8][8][9]: {Limit}"], result.ErrorLines);
    }

    [Fact]
    public void NestedAliasesUnderAnotherProjectsKeyAreRefusedAtTheLimit()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", "config:\n  aws:tags:\n" + NestedAliases("    ") + "  mesh-infra:mesh:\n    meshId: mesh1\n");

        var result = ValidateRefused(path);

        Assert.Equal([$"{path}:3:32: aws:tags.a4[7][8][8][8][9]: {Limit}"], result.ErrorLines);
    }

    [Fact]
    public void TheLimitIsForTheWholeFileNotForEachKey()
    {
        // 60,000 values under another key and 60,000 under the mesh: each under the limit, together past it.
        using var temp = new TempDirectory();
        var sixty = "    a0: &a0 [x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x]\n    a1: &a1 [" + string.Join(',', Enumerable.Repeat("*a0", 2000)) + "]\n";
        var path = temp.File("Pulumi.t.yaml", "config:\n  other:thing:\n" + sixty + "  mesh-infra:mesh:\n" + sixty.Replace("&a", "&b", StringComparison.Ordinal).Replace("*a", "*b", StringComparison.Ordinal));

        var result = ValidateRefused(path);

        Assert.Matches(@"^.*Pulumi\.t\.yaml:\d+:\d+: mesh\.a1\[\d+\]\[\d+\]: the file expands \(through YAML aliases or merge keys\) into more than 100,000 values", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void NestedMergeKeysAreRefusedAtTheLimit()
    {
        using var temp = new TempDirectory();
        var text = new StringBuilder("config:\n  mesh-infra:mesh:\n    m0: &m0 {k0: x}\n");
        for (var level = 1; level < 10; level++)
        {
            text.Append($"    m{level}: &m{level} {{k{level}: x, <<: [").AppendJoin(',', Enumerable.Repeat($"*m{level - 1}", 10)).Append("]}\n");
        }

        var path = temp.File("Pulumi.t.yaml", text.ToString());

        var result = ValidateRefused(path);

        Assert.Matches(@$"^.*Pulumi\.t\.yaml:\d+:\d+: mesh\.m\d: {System.Text.RegularExpressions.Regex.Escape(Limit)}$", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void AMappingThatMergesItselfIsRefusedNotACrash()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", "config:\n  mesh-infra:mesh:\n    meshId: mesh1\n    loop: &loop\n      a: 1\n      <<: *loop\n");

        var result = ValidateRefused(path);

        Assert.Single(result.ErrorLines);
        Assert.StartsWith($"{path}:", result.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void NestedAliasesInARenderedObjectAreRefusedAtTheLimit()
    {
        // trace --objects reads render folders, which anyone can edit: the same limit, the same message.
        using var temp = new TempDirectory();
        foreach (var cluster in new[] { "cluster1", "cluster2" })
        {
            Directory.CreateDirectory(temp.Combine(cluster));
        }

        var bomb = temp.File(Path.Combine("cluster1", "50-bomb.yaml"), "apiVersion: v1\nkind: ConfigMap\ndata:\n" + NestedAliases("  "));
        var result = CliRunner.Run("trace", Repo.DevStack, "--objects", temp.Path, "--from", "cluster1/foo/sleep", "--to", "httpbin.bar.global:8000");

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@$"^{System.Text.RegularExpressions.Regex.Escape(bomb)}:4:\d+: 50-bomb\.yaml\.data\.a4(\[\d\]){{5}}: {System.Text.RegularExpressions.Regex.Escape(Limit)}$", Assert.Single(result.ErrorLines));
    }
}
