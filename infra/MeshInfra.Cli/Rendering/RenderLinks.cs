namespace MeshInfra.Cli.Rendering;

/// <summary>
/// The render's own names in the output directory (its work folders, its lock, its manifest) are
/// never symbolic links: the render creates, writes into and deletes the contents of those names, and
/// through a link it would do so to whatever the link points at. Checked before the lock is taken.
/// </summary>
public static class RenderLinks
{
    private static readonly string[] OwnNames = [RenderSwap.NewFolder, RenderSwap.OldFolder, RenderLock.FileName, RenderManifest.FileName];

    /// <exception cref="InputException">One of the names is a link (one line each).</exception>
    public static void Refuse(string outDir, string shownOut)
    {
        var problems = OwnNames
            .Where(name => new FileInfo(Path.Combine(outDir, name)).LinkTarget is not null)
            .Select(name => $"--out {shownOut}: '{Path.Combine(shownOut, name)}' is a symbolic link; the render keeps this name for its own work and never follows a link there (it would write into or delete what the link points at): remove the link")
            .ToList();
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
    }
}
