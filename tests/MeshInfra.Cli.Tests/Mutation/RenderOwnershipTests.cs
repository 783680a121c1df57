using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Mutation;

/// <summary>
/// What RenderOwnership refuses beyond RenderOutputTests' single added or edited file: several foreign
/// entries, foreign entries in the kubectl layout's subfolders, a file where a cluster's folder goes,
/// and the folder of a cluster the stack no longer has. Each refusal leaves the directory byte for
/// byte. Written for the mutation run of issue 17 (docs/quality.md).
/// </summary>
public sealed class RenderOwnershipTests
{
    private static readonly string[] KubectlArguments =
        ["--layout", "kubectl", "--set", "cluster1.gatewayAddress=203.0.113.1", "--set", "cluster2.gatewayAddress=203.0.113.2"];

    private static CliResult RenderKubectl(string outDir) => CliRunner.Run(["render", Repo.DevStack, "--out", outDir, .. KubectlArguments]);

    private static string Replaces(string outDir, string folder) =>
        $"; the render replaces {Path.Combine(outDir, folder)} whole, so move it out first, or render into a new or empty directory";

    [Theory]
    [InlineData(2, "1 more entry")]
    [InlineData(3, "2 more entries")]
    public void SeveralForeignFilesAreCountedAfterTheFirst(int added, string more)
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        for (var i = 1; i <= added; i++)
        {
            File.WriteAllText(temp.Combine("cluster2", $"a{i}.md"), "mine");
        }

        var before = RenderedTree.All(temp.Path);

        var result = CliRunner.Run("render", Repo.DevStack, "--out", temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"--out {temp.Path}: 'cluster2/a1.md' was not written by meshinfra render (and {more})" + Replaces(temp.Path, "cluster2")], result.ErrorLines);
        Assert.Equal(before, RenderedTree.All(temp.Path));
    }

    [Fact]
    public void EachRenderedFolderWithForeignEntriesIsOneLine()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        Directory.CreateDirectory(temp.Combine("mesh", "empty"));
        File.WriteAllText(temp.Combine("cluster1", "notes.md"), "mine");

        var result = CliRunner.Run("render", Repo.DevStack, "--out", temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [
                $"--out {temp.Path}: 'cluster1/notes.md' was not written by meshinfra render" + Replaces(temp.Path, "cluster1"),
                $"--out {temp.Path}: 'mesh/empty' was not written by meshinfra render" + Replaces(temp.Path, "mesh"),
            ],
            result.ErrorLines);
        Assert.True(Directory.Exists(temp.Combine("mesh", "empty")));
    }

    [Fact]
    public void TheKubectlLayoutsSubfoldersAreTheRendersOwnAndRenderAgain()
    {
        using var temp = new TempDirectory();
        Assert.Equal(0, RenderKubectl(temp.Path).ExitCode);
        var first = RenderedTree.All(temp.Path);

        var again = RenderKubectl(temp.Path);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(first, RenderedTree.All(temp.Path));
        Assert.True(Directory.Exists(temp.Combine("cluster1", "manifests")));
    }

    [Fact]
    public void ForeignEntriesInsideTheKubectlLayoutsSubfoldersAreRefused()
    {
        using var temp = new TempDirectory();
        Assert.Equal(0, RenderKubectl(temp.Path).ExitCode);
        Directory.CreateDirectory(temp.Combine("cluster1", "manifests", "extra"));
        var edited = Directory.GetFiles(temp.Combine("cluster2", "helm")).Order(StringComparer.Ordinal).First();
        File.AppendAllText(edited, "# mine\n");
        var before = RenderedTree.All(temp.Path);

        var result = RenderKubectl(temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [
                $"--out {temp.Path}: 'cluster1/manifests/extra' was not written by meshinfra render" + Replaces(temp.Path, "cluster1"),
                $"--out {temp.Path}: 'cluster2/helm/{Path.GetFileName(edited)}' was changed since meshinfra rendered it" + Replaces(temp.Path, "cluster2"),
            ],
            result.ErrorLines);
        Assert.Equal(before, RenderedTree.All(temp.Path));
    }

    [Fact]
    public void AFileWhereAClustersFolderGoesIsInTheWay()
    {
        using var temp = new TempDirectory();
        var file = temp.File("cluster2", "mine");

        var result = CliRunner.Run("render", Repo.DevStack, "--out", temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [$"--out {temp.Path}: '{file}' is in the way of the render's folder for cluster2 and was not written by it; move it away, or render into a new or empty directory"],
            result.ErrorLines);
        Assert.Equal(["cluster2"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public void TheFolderOfAClusterTheStackNoLongerHasIsCheckedBeforeItIsRemoved()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.ProdStack, "--out", temp.Path);
        File.WriteAllText(temp.Combine("dc-frankfurt", "runbook.md"), "mine");
        var before = RenderedTree.All(temp.Path);

        var result = CliRunner.Run("render", Repo.DevStack, "--out", temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"--out {temp.Path}: 'dc-frankfurt/runbook.md' was not written by meshinfra render" + Replaces(temp.Path, "dc-frankfurt")], result.ErrorLines);
        Assert.Equal(before, RenderedTree.All(temp.Path));
    }

    /// <summary>
    /// An owned subfolder of the kubectl layout swapped for a link to an exact copy of it: the render
    /// would replace the cluster's folder whole and so act on the link, which it never wrote. Refused,
    /// naming the link, with the copy it points at untouched.
    /// </summary>
    [Fact]
    public void AnOwnedSubfolderSwappedForALinkIsRefusedAndWhatItPointsAtIsKept()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // symbolic links need privileges there
        }

        using var temp = new TempDirectory();
        var output = temp.Combine("out");
        Assert.Equal(0, RenderKubectl(output).ExitCode);
        var manifests = Path.Combine(output, "cluster1", "manifests");
        var copy = temp.Combine("copy");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(manifests))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var copied = RenderedTree.All(copy);
        Assert.NotEmpty(copied);
        Directory.Delete(manifests, recursive: true);
        Directory.CreateSymbolicLink(manifests, copy);

        var result = RenderKubectl(output);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"--out {output}: 'cluster1/manifests' was not written by meshinfra render" + Replaces(output, "cluster1")], result.ErrorLines);
        Assert.Equal(copy, new DirectoryInfo(manifests).LinkTarget);
        Assert.Equal(copied, RenderedTree.All(copy));
    }

    /// <summary>An owned subfolder's name taken by a file: the file is not the render's, so it is refused and kept.</summary>
    [Fact]
    public void AFileWhereAnOwnedSubfolderWasIsRefusedAndKept()
    {
        using var temp = new TempDirectory();
        Assert.Equal(0, RenderKubectl(temp.Path).ExitCode);
        var manifests = temp.Combine("cluster1", "manifests");
        Directory.Delete(manifests, recursive: true);
        File.WriteAllText(manifests, "mine");
        var before = RenderedTree.All(temp.Path);

        var result = RenderKubectl(temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"--out {temp.Path}: 'cluster1/manifests' was not written by meshinfra render" + Replaces(temp.Path, "cluster1")], result.ErrorLines);
        Assert.Equal(before, RenderedTree.All(temp.Path));
    }
}
