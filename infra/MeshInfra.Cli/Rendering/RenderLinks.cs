namespace MeshInfra.Cli.Rendering;

/// <summary>
/// The render's own names in the output directory (its work folders, its lock, its manifest) are
/// never symbolic links: the render creates, writes into and deletes the contents of those names, and
/// through a link it would do so to whatever the link points at. Checked while the render holds its
/// lock (<see cref="RenderLock.Take"/>), so a link planted while another render held the directory,
/// or between a check and the lock, is still seen.
/// </summary>
public static class RenderLinks
{
    private static readonly string[] OwnNames = [RenderSwap.NewFolder, RenderSwap.OldFolder, RenderLock.FileName, RenderManifest.FileName];

    /// <exception cref="InputException">One of the names is a link (one line each).</exception>
    public static void Refuse(string outDir, string shownOut)
    {
        var problems = OwnNames
            .Where(name => IsLink(outDir, name))
            .Select(name => Problem(shownOut, name))
            .ToList();
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
    }

    /// <exception cref="InputException">That one name is a link.</exception>
    internal static void RefuseName(string outDir, string shownOut, string name)
    {
        if (IsLink(outDir, name))
        {
            throw new InputException(Problem(shownOut, name));
        }
    }

    private static bool IsLink(string outDir, string name) => new FileInfo(Path.Combine(outDir, name)).LinkTarget is not null;

    private static string Problem(string shownOut, string name) =>
        $"--out {shownOut}: '{Path.Combine(shownOut, name)}' is a symbolic link; the render keeps this name for its own work and never follows a link there (it would write into or delete what the link points at): remove the link";
}
