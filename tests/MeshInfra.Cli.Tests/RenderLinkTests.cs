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
}
