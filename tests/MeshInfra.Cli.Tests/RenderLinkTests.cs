using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// The render's own names in --out (its two work folders, its lock and its manifest) are never
/// followed when they are symbolic links: a link planted there would have the render write into, or
/// delete the contents of, whatever it points at. Refused with exit 2, the target untouched.
/// </summary>
public sealed class RenderLinkTests
{
    public static TheoryData<string, bool> LinkedNames => new()
    {
        { RenderSwap.NewFolder, true },
        { RenderSwap.OldFolder, true },
        { RenderLock.FileName, false },
        { RenderManifest.FileName, false },
    };

    [Theory]
    [MemberData(nameof(LinkedNames))]
    public void ALinkedWorkNameIsRefusedAndItsTargetKeepsItsContents(string name, bool folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // symbolic links need privileges there
        }

        using var temp = new TempDirectory();
        var victim = temp.Combine("victim");
        Directory.CreateDirectory(victim);
        File.WriteAllText(Path.Combine(victim, "precious.txt"), "keep me");
        // A stamp makes the target look like the render's own work folder, which it would then empty.
        File.WriteAllText(Path.Combine(victim, RenderSwap.Stamp), "");
        var victimFile = temp.File("victim.txt", "keep me");

        var output = temp.Combine("out");
        Directory.CreateDirectory(output);
        if (folder)
        {
            Directory.CreateSymbolicLink(Path.Combine(output, name), victim);
        }
        else
        {
            File.CreateSymbolicLink(Path.Combine(output, name), victimFile);
        }

        var result = CliRunner.Run("render", Repo.DevStack, "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--out {output}: '{Path.Combine(output, name)}' is a symbolic link", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(victim, "precious.txt")));
        Assert.Equal([RenderSwap.Stamp, "precious.txt"], Directory.GetFileSystemEntries(victim).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("keep me", File.ReadAllText(victimFile));
        Assert.NotNull(new FileInfo(Path.Combine(output, name)).LinkTarget);
    }

    [Theory]
    [MemberData(nameof(LinkedNames))]
    public void ALinkPlantedAsTheLockIsTakenIsRefusedAndItsTargetKeepsItsContents(string name, bool folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // symbolic links need privileges there
        }

        using var temp = new TempDirectory();
        var output = temp.Combine("out");
        CliRunner.Ok("render", Repo.DevStack, "--out", output);
        var before = RenderedTree.All(output);
        var victim = temp.Combine("victim");
        Directory.CreateDirectory(victim);
        File.WriteAllText(Path.Combine(victim, "precious.txt"), "keep me");
        // A stamp makes the target look like the render's own work folder, which recovery would empty.
        File.WriteAllText(Path.Combine(victim, RenderSwap.Stamp), "");
        var victimFile = temp.File("victim.txt", "keep me");
        var stack = RepoStacks.Prod;
        var disk = new LinkPlantingDisk(name, folder ? victim : victimFile);

        // The link appears after any check made before the lock: only a check under the lock sees it.
        var error = Assert.Throws<InputException>(() => RenderOutput.Write(
            output, MeshRenderer.Folders(stack.Plan), MeshRenderer.Render(stack, DeferredValueResolver.FromSetArguments(stack.Plan, [])), disk));

        Assert.Equal($"--out {output}: '{Path.Combine(output, name)}' is a symbolic link; the render keeps this name for its own work and never follows a link there (it would write into or delete what the link points at): remove the link", error.Message);
        Assert.Equal([RenderSwap.Stamp, "precious.txt"], Directory.GetFileSystemEntries(victim).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("keep me", File.ReadAllText(victimFile));
        // Everything else of the previous render is as it was (the racer replaced the name itself).
        File.Delete(Path.Combine(output, name));
        before.Remove(name);
        Assert.Equal(before, RenderedTree.All(output));
    }
}
