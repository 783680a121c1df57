using System.Security.Cryptography;
using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Mutation;

/// <summary>
/// The render's manifest (<c>.meshinfra-render</c>) is what lets a render replace a folder: it must list
/// exactly what was written, with each file's SHA-256, and a manifest the CLI did not write (edited,
/// truncated, or naming a path outside the output directory) must own nothing. Written for the
/// mutation run of issue 17 (docs/quality.md): each case fails under one break of RenderManifest.
/// </summary>
public sealed class RenderManifestTests
{
    private static string NotAManifest(string outDir) =>
        $"--out {outDir}: '{Path.Combine(outDir, RenderManifest.FileName)}' is not a render manifest meshinfra wrote; move it away";

    [Fact]
    public void TheManifestNamesEveryRenderedFileWithTheSha256OfItsBytes()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);

        var bytes = File.ReadAllBytes(temp.Combine(RenderManifest.FileName));
        var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n');

        Assert.Equal(
            [
                "# Written by meshinfra render: the folders and files it owns in this directory. The next render",
                "# replaces exactly these and refuses to touch anything else. Do not edit; delete the folders",
                "# and this file together to give them up.",
                "meshinfra-render v1",
                "folder cluster1",
                "folder cluster2",
                "folder mesh",
            ],
            lines[..7]);
        Assert.Equal("", lines[^1]);
        Assert.Equal((byte)'#', bytes[0]); // no byte order mark (File.ReadAllText would hide one)
        var rendered = RenderedTree.Bytes(temp.Path);
        var expected = rendered.Select(f => $"file {Convert.ToHexStringLower(SHA256.HashData(f.Value))} {f.Key}");
        Assert.Equal(expected, lines[7..^1]);
        Assert.Equal(102, rendered.Count);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("comments only")]
    [InlineData("another version")]
    [InlineData("folder ..")]
    [InlineData("folder .")]
    [InlineData("folder with a slash")]
    [InlineData("folder with a backslash")]
    [InlineData("folder with a NUL")]
    [InlineData("folder without a name")]
    [InlineData("upper-case hash")]
    [InlineData("hash one digit short")]
    [InlineData("no space after the hash")]
    [InlineData("file without a path")]
    [InlineData("unknown line")]
    [InlineData("a file line under another keyword")]
    public void AManifestTheCliDidNotWriteOwnsNothingAndTheRenderStops(string damage)
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        var manifest = temp.Combine(RenderManifest.FileName);
        var text = File.ReadAllText(manifest);
        var firstFile = text.Split('\n').First(l => l.StartsWith("file ", StringComparison.Ordinal));
        var damaged = damage switch
        {
            "empty" => "",
            "comments only" => "# meshinfra-render v1\n",
            "another version" => text.Replace("meshinfra-render v1", "meshinfra-render v2", StringComparison.Ordinal),
            "folder .." => text + "folder ..\n",
            "folder ." => text + "folder .\n",
            "folder with a slash" => text + "folder cluster1/manifests\n",
            "folder with a backslash" => text + "folder cluster1\\manifests\n",
            "folder with a NUL" => text + "folder cluster\0\n",
            "folder without a name" => text + "folder \n",
            "upper-case hash" => text.Replace(firstFile, "file " + firstFile[5..69].ToUpperInvariant() + firstFile[69..], StringComparison.Ordinal),
            "hash one digit short" => text.Replace(firstFile, "file " + firstFile[6..], StringComparison.Ordinal),
            "no space after the hash" => text.Replace(firstFile, firstFile[..69] + "_" + firstFile[70..], StringComparison.Ordinal),
            "file without a path" => text + firstFile[..70] + "\n",
            "unknown line" => text + "dir cluster1\n",
            // As long as a file line, hash and space in place: only the keyword tells it from one.
            "a file line under another keyword" => text.Replace(firstFile, "FILE " + firstFile[5..], StringComparison.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
        Assert.NotEqual(text, damaged);
        File.WriteAllText(manifest, damaged);
        var before = RenderedTree.All(temp.Path);

        var result = CliRunner.Run("render", Repo.DevStack, "--out", temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([NotAManifest(temp.Path)], result.ErrorLines);
        Assert.Equal(before, RenderedTree.All(temp.Path));
    }

    [Fact]
    public void BlankAndCommentLinesAddedToTheManifestChangeNothing()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        var manifest = temp.Combine(RenderManifest.FileName);
        var firstRender = File.ReadAllText(manifest);
        File.WriteAllText(manifest, "\n# kept by hand\n" + firstRender.Replace("folder mesh\n", "folder mesh\n\n# between\n", StringComparison.Ordinal));

        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);

        Assert.Equal(firstRender, File.ReadAllText(manifest));
    }

    /// <summary>
    /// A folder line naming an absolute path (a slash first) would have the render own, move away and
    /// delete a folder anywhere on the machine: such a manifest owns nothing, and the folder it names
    /// stays as it was.
    /// </summary>
    [Fact]
    public void AManifestFolderThatIsAnAbsolutePathOwnsNothing()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // an absolute path there starts with a drive and holds backslashes, refused already
        }

        using var temp = new TempDirectory();
        var output = temp.Combine("out");
        CliRunner.Ok("render", Repo.DevStack, "--out", output);
        var victim = temp.Combine("victim");
        Directory.CreateDirectory(victim);
        File.WriteAllText(Path.Combine(victim, "precious.txt"), "keep me");
        var manifest = Path.Combine(output, RenderManifest.FileName);
        File.AppendAllText(manifest, "folder " + victim + "\n");
        var before = RenderedTree.All(output);

        var result = CliRunner.Run("render", Repo.DevStack, "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([NotAManifest(output)], result.ErrorLines);
        Assert.Equal(before, RenderedTree.All(output));
        Assert.Equal(["precious.txt"], Directory.GetFileSystemEntries(victim).Select(Path.GetFileName));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(victim, "precious.txt")));
    }
}
