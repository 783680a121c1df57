using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Mutation;

/// <summary>
/// <see cref="RenderLock.Take"/> on its own: it checks the lock's name for a link again once the lock
/// is open, so a link swapped in between the first check and the open is refused before the caller
/// gets a stream that writes through it. (Through <c>render</c>, <see cref="RenderLinks.Refuse"/> under
/// the lock checks the name once more; this is Take's own promise.) Written for the mutation run of
/// issue 17 (docs/quality.md).
/// </summary>
public sealed class RenderLockTests
{
    [Fact]
    public void ALinkSwappedInAsTheLockIsOpenedIsRefusedAndTheLockReleased()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // symbolic links need privileges there
        }

        using var temp = new TempDirectory();
        var output = temp.Combine("out");
        Directory.CreateDirectory(output);
        var victim = temp.File("victim.txt", "keep me");
        var disk = new LinkPlantingDisk(RenderLock.FileName, victim);

        var error = Assert.Throws<InputException>(() => RenderLock.Take(output, output, disk));

        Assert.Equal($"--out {output}: '{Path.Combine(output, RenderLock.FileName)}' is a symbolic link; the render keeps this name for its own work and never follows a link there (it would write into or delete what the link points at): remove the link", error.Message);
        Assert.Equal("keep me", File.ReadAllText(victim));
        // The stream opened through the link was closed: nothing holds the file the link pointed at.
        using (new FileStream(victim, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
        }
    }
}
