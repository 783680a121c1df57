using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// render --out where a cluster's folder, or something inside a rendered folder, is a symbolic link:
/// the render replaces those folders whole, so following a link would write into or empty whatever it
/// points at. Refused with exit 2, the link and its target untouched. (The render's own work names,
/// lock and manifest as links, are refused before the lock is taken.)
/// </summary>
public sealed class RenderFolderLinkTests
{
    /// <summary>A folder outside --out holding one file of the user's.</summary>
    private static string Victim(TempDirectory temp)
    {
        var victim = temp.Combine("victim");
        Directory.CreateDirectory(victim);
        File.WriteAllText(Path.Combine(victim, "precious.txt"), "keep me");
        return victim;
    }

    private static void AssertVictimKept(string victim)
    {
        Assert.Equal(["precious.txt"], Directory.GetFileSystemEntries(victim).Select(Path.GetFileName));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(victim, "precious.txt")));
    }

    [Fact]
    public void AClusterFolderThatIsALinkIsRefusedAndItsTargetKept()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // symbolic links need privileges there
        }

        using var temp = new TempDirectory();
        var victim = Victim(temp);
        var output = temp.Combine("out");
        Directory.CreateDirectory(output);
        var link = Path.Combine(output, "cluster1");
        Directory.CreateSymbolicLink(link, victim);

        var result = CliRunner.Run("render", Repo.DevStack, "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [$"--out {output}: '{link}' is in the way of the render's folder for cluster1 and was not written by it; move it away, or render into a new or empty directory"],
            result.ErrorLines);
        AssertVictimKept(victim);
        Assert.Equal(victim, new DirectoryInfo(link).LinkTarget);
        Assert.Equal(["cluster1"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName));
    }

    [Fact]
    public void ARenderedClusterFolderSwappedForALinkToItsCopyIsRefused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // The copy holds exactly the rendered files, so only the link itself gives it away: replacing
        // it would move the link and delete the files of the folder it points at.
        using var temp = new TempDirectory();
        var output = temp.Combine("out");
        CliRunner.Ok("render", Repo.DevStack, "--out", output);
        var copy = temp.Combine("copy");
        Directory.Move(Path.Combine(output, "cluster1"), copy);
        var link = Path.Combine(output, "cluster1");
        Directory.CreateSymbolicLink(link, copy);
        var before = RenderedTree.All(copy);

        var result = CliRunner.Run("render", Repo.DevStack, "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [$"--out {output}: '{link}' is in the way of the render's folder for cluster1 and was not written by it; move it away, or render into a new or empty directory"],
            result.ErrorLines);
        Assert.Equal(before, RenderedTree.All(copy));
        Assert.Equal(copy, new DirectoryInfo(link).LinkTarget);
    }

    [Fact]
    public void ALinkedFolderInsideARenderedFolderIsRefusedAndItsTargetKept()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var temp = new TempDirectory();
        var victim = Victim(temp);
        var output = temp.Combine("out");
        CliRunner.Ok("render", Repo.DevStack, "--out", output);
        Directory.CreateSymbolicLink(Path.Combine(output, "cluster1", "extra"), victim);

        var result = CliRunner.Run("render", Repo.DevStack, "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"--out {output}: 'cluster1/extra' was not written by meshinfra render", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        AssertVictimKept(victim);
    }

    [Fact]
    public void ARenderedFileSwappedForALinkToTheSameBytesIsRefused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Same bytes, so the manifest's hash matches: only the link gives it away.
        using var temp = new TempDirectory();
        var output = temp.Combine("out");
        CliRunner.Ok("render", Repo.DevStack, "--out", output);
        var rendered = temp.Rendered(Path.Combine("out", "cluster1"), "namespace-istio-system.yaml");
        var kept = temp.Combine("kept.yaml");
        File.Move(rendered, kept);
        File.CreateSymbolicLink(rendered, kept);
        var bytes = File.ReadAllBytes(kept);

        var result = CliRunner.Run("render", Repo.DevStack, "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [$"--out {output}: 'cluster1/{Path.GetFileName(rendered)}' was not written by meshinfra render; the render replaces {Path.Combine(output, "cluster1")} whole, so move it out first, or render into a new or empty directory"],
            result.ErrorLines);
        Assert.Equal(bytes, File.ReadAllBytes(kept));
        Assert.Equal(kept, new FileInfo(rendered).LinkTarget);
    }
}
