using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// render --out never loses a user's file: it replaces only what an earlier render wrote (its
/// manifest says what), and a render that fails or stops midway leaves the previous one byte for byte.
/// </summary>
public sealed class RenderOutputTests
{
    private static string NotOurs(string outDir, string folder) =>
        $"--out {outDir}: '{Path.Combine(outDir, folder)}' was not written by meshinfra render (it is not in {Path.Combine(outDir, RenderManifest.FileName)}); move it away, or render into a new or empty directory";

    private static List<string> TopLevel(string dir) =>
        Directory.EnumerateFileSystemEntries(dir).Select(e => Path.GetFileName(e)).Order(StringComparer.Ordinal).ToList();

    /// <summary>The prod stack's render, to write over a dev render through a disk that fails.</summary>
    private static (IReadOnlyList<string> Folders, IReadOnlyList<RenderedFile> Files) ProdRender()
    {
        var stack = RepoStacks.Prod;
        return (MeshRenderer.Folders(stack.Plan), MeshRenderer.Render(stack, DeferredValueResolver.FromSetArguments(stack.Plan, [])));
    }

    [Fact]
    public void FolderNamedLikeAClusterButNotRenderedIsRefusedAndKept()
    {
        using var temp = new TempDirectory();
        var repo = temp.Combine("repo");
        Directory.CreateDirectory(Path.Combine(repo, "cluster1"));
        File.WriteAllText(Path.Combine(repo, "cluster1", "design.md"), "mine");

        var result = CliRunner.Run("render", Repo.DevStack, "--out", repo);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([NotOurs(repo, "cluster1")], result.ErrorLines);
        Assert.Equal(["cluster1/design.md"], RenderedTree.All(repo).Keys);
        Assert.Equal(["cluster1"], TopLevel(repo));
    }

    [Fact]
    public void FileAddedToARenderedFolderIsRefusedAndKept()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        File.WriteAllText(temp.Combine("cluster1", "notes.md"), "mine");
        var before = RenderedTree.All(temp.Path);

        var result = CliRunner.Run("render", Repo.DevStack, "--out", temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [$"--out {temp.Path}: 'cluster1/notes.md' was not written by meshinfra render; the render replaces {temp.Combine("cluster1")} whole, so move it out first, or render into a new or empty directory"],
            result.ErrorLines);
        Assert.Equal(before, RenderedTree.All(temp.Path));
    }

    [Fact]
    public void EditedRenderedFileIsRefusedAndKept()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        var edited = temp.Rendered("cluster2", "namespace-bar.yaml");
        File.AppendAllText(edited, "# my note\n");
        var before = RenderedTree.All(temp.Path);

        var result = CliRunner.Run("render", Repo.DevStack, "--out", temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"--out {temp.Path}: 'cluster2/{Path.GetFileName(edited)}' was changed since meshinfra rendered it; ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(before, RenderedTree.All(temp.Path));
    }

    [Fact]
    public void RerenderReplacesItsFoldersRemovesThoseOfRemovedClustersAndLeavesTheRestAlone()
    {
        using var temp = new TempDirectory();
        var outDir = temp.Combine("out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "NOTES.md"), "mine");
        CliRunner.Ok("render", Repo.ProdStack, "--out", outDir);
        Assert.Contains("dc-frankfurt", TopLevel(outDir));

        CliRunner.Ok("render", Repo.DevStack, "--out", outDir);
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Combine("fresh"));

        Assert.Equal([RenderManifest.FileName, "NOTES.md", "cluster1", "cluster2", "mesh"], TopLevel(outDir));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(outDir, "NOTES.md")));
        Assert.Equal(RenderedTree.All(temp.Combine("fresh")), RenderedTree.All(outDir).Where(f => f.Key != "NOTES.md").ToDictionary());
    }

    [Fact]
    public void OutputThatIsAFileIsBadInputAndNothingIsLeftBehind()
    {
        using var temp = new TempDirectory();
        var file = temp.File("taken", "x");

        var result = CliRunner.Run("render", Repo.DevStack, "--out", file);
        var inside = CliRunner.Run("render", Repo.DevStack, "--out", Path.Combine(file, "sub"));

        Assert.Equal((2, 2), (result.ExitCode, inside.ExitCode));
        Assert.Equal([$"--out {file}: is a file; give a directory (new, empty, or one meshinfra rendered into before)"], result.ErrorLines);
        Assert.Equal([$"--out {Path.Combine(file, "sub")}: is inside '{file}', which is a file; give a directory (new, empty, or one meshinfra rendered into before)"], inside.ErrorLines);
        Assert.Equal(["taken"], TopLevel(temp.Path));
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Theory]
    [InlineData("write", "gke-us-west1")]
    [InlineData("mkdir", "mesh")]
    [InlineData("move", "gke-us-west1")]
    [InlineData("move", RenderManifest.FileName)]
    public void FailureMidwayLeavesThePreviousRenderByteForByte(string operation, string at)
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        var before = RenderedTree.All(temp.Path);
        var (folders, files) = ProdRender();
        // The write or rename, in the new cluster's folder, that a read-only folder would refuse.
        var disk = new FaultyDisk(
            (op, path) => op == operation && (path.Contains("/" + at + "/", StringComparison.Ordinal) || path.EndsWith("/" + at, StringComparison.Ordinal)) && !path.Contains(RenderSwap.OldFolder, StringComparison.Ordinal),
            () => new UnauthorizedAccessException("Access to the path is denied."));

        var error = Assert.Throws<InputException>(() => RenderOutput.Write(temp.Path, folders, files, disk));

        Assert.Equal(1, disk.Failures);
        Assert.Equal($"--out {temp.Path}: cannot write the render (Access to the path is denied.); the previous render, if any, is unchanged", error.Message);
        Assert.Equal(before, RenderedTree.All(temp.Path));
    }

    [Fact]
    public void FailureMidwayIntoANewDirectoryLeavesNoDirectory()
    {
        using var temp = new TempDirectory();
        var (folders, files) = ProdRender();
        var disk = new FaultyDisk((op, path) => op == "write" && path.Contains("/gke-us-west1/", StringComparison.Ordinal), () => new IOException("No space left on device"));

        Assert.Throws<InputException>(() => RenderOutput.Write(temp.Combine("new", "out"), folders, files, disk));

        Assert.Equal(1, disk.Failures);
        Assert.Empty(TopLevel(temp.Path));
    }

    [Fact]
    public void StopDuringTheSwapIsUndoneByTheNextRender()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        var before = RenderedTree.All(temp.Path);
        var (folders, files) = ProdRender();
        // An exception the render does not catch stands for the process being killed right there: the old
        // folders are moved aside and two of the three new cluster folders are in place.
        var disk = new FaultyDisk((op, path) => op == "move" && path == temp.Combine("gke-us-west1"), () => new OperationCanceledException("killed"));
        Assert.Throws<OperationCanceledException>(() => RenderOutput.Write(temp.Path, folders, files, disk));
        Assert.Contains("dc-frankfurt", TopLevel(temp.Path));

        RenderSwap.Recover(temp.Path, temp.Path, RenderDisk.Instance);

        Assert.Equal(before, RenderedTree.All(temp.Path));
    }

    [Fact]
    public void StopAfterTheSwapCommittedKeepsTheNewRender()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        var (folders, files) = ProdRender();
        // Killed while deleting the previous render's folders, after the new manifest is in place.
        var disk = new FaultyDisk((op, _) => op == "delete", () => new OperationCanceledException("killed"));
        Assert.Throws<OperationCanceledException>(() => RenderOutput.Write(temp.Path, folders, files, disk));

        CliRunner.Ok("render", Repo.ProdStack, "--out", temp.Path);
        CliRunner.Ok("render", Repo.ProdStack, "--out", temp.Combine("fresh"));

        Assert.Equal(RenderedTree.All(temp.Combine("fresh")), RenderedTree.All(temp.Path).Where(f => !f.Key.StartsWith("fresh/", StringComparison.Ordinal)).ToDictionary());
    }

    [Fact]
    public void StopWhileDeletingThePreviousRenderLeavesAWorkFolderTheNextRenderStillOwns()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        var (folders, files) = ProdRender();
        // Killed inside the delete of the previous render's work folder, after a recursive delete took
        // its stamp (a recursive delete removes entries in no defined order). The render empties the
        // folder first and deletes it last, so what is left is empty, or stamped: never an unstamped
        // folder full of files the next render would have to refuse.
        var old = temp.Combine(RenderSwap.OldFolder);
        var disk = new FaultyDisk((op, path) => op == "delete" && path == old, () =>
        {
            File.Delete(Path.Combine(old, RenderSwap.Stamp));
            return new OperationCanceledException("killed");
        });
        Assert.Throws<OperationCanceledException>(() => RenderOutput.Write(temp.Path, folders, files, disk));
        Assert.True(Directory.Exists(old));

        CliRunner.Ok("render", Repo.ProdStack, "--out", temp.Path);

        Assert.False(Directory.Exists(old));
    }

    [Fact]
    public void SecondRenderIntoTheSameDirectoryAtOnceIsRefused()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        var before = RenderedTree.All(temp.Path);
        ExitCodeAndLines result;
        using (RenderLock.Take(temp.Path, temp.Path, RenderDisk.Instance))
        {
            var run = CliRunner.Run("render", Repo.ProdStack, "--out", temp.Path);
            result = new ExitCodeAndLines(run.ExitCode, run.ErrorLines);
        }

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"--out {temp.Path}: another meshinfra render is writing into it ({temp.Combine(RenderLock.FileName)} is locked); wait for it to finish, or render into another directory"], result.Lines);
        Assert.Equal(before, RenderedTree.All(temp.Path));
        CliRunner.Ok("render", Repo.ProdStack, "--out", temp.Path);
        Assert.False(File.Exists(temp.Combine(RenderLock.FileName)));
    }

    [Fact]
    public void FailureToUndoASwapKeepsThePreviousRenderForTheNextOne()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        var before = RenderedTree.All(temp.Path);
        var (folders, files) = ProdRender();
        // The swap fails moving the third new folder in; then undoing it fails at its first move back.
        var disk = new FaultyDisk((op, path) => op == "move" && path == temp.Combine("gke-us-west1"), () => new IOException("Read-only file system"))
            .Then((op, path) => op == "move" && path.StartsWith(temp.Combine(RenderSwap.NewFolder), StringComparison.Ordinal));

        var error = Assert.Throws<InputException>(() => RenderOutput.Write(temp.Path, folders, files, disk));

        Assert.Equal(2, disk.Failures);
        Assert.Equal($"--out {temp.Path}: cannot write the render (Read-only file system), and cannot yet put the previous one back (Read-only file system); it is kept whole in {temp.Combine(RenderSwap.OldFolder)}, and the next render restores it before it starts", error.Message);
        RenderSwap.Recover(temp.Path, temp.Path, RenderDisk.Instance);
        Assert.Equal(before, RenderedTree.All(temp.Path));
    }

    private sealed record ExitCodeAndLines(int ExitCode, IReadOnlyList<string> Lines);
}
