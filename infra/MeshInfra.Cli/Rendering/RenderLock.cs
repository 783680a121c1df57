namespace MeshInfra.Cli.Rendering;

/// <summary>
/// Keeps two renders from writing into one output directory at once: each would take the other's
/// staged render for a killed one's leftovers and delete it. The lock is the operating system's on an
/// open file, so a killed render releases it; the file itself is deleted when the render closes it.
/// </summary>
public static class RenderLock
{
    public const string FileName = ".meshinfra-render.lock";

    /// <summary>
    /// Takes the lock. .NET opens files following links (it has no O_NOFOLLOW), so the lock's name is
    /// checked for a link before it is opened and again once it is open: a link swapped in between
    /// is caught before the render does anything through it. The render's other own names are checked
    /// by the caller while the lock is held (<see cref="RenderLinks"/>).
    /// </summary>
    /// <exception cref="InputException">Another render holds the lock, or the lock's name is a link.</exception>
    public static FileStream Take(string outDir, string shownOut, IRenderDisk disk)
    {
        var path = Path.Combine(outDir, FileName);
        RenderLinks.RefuseName(outDir, shownOut, FileName);
        FileStream held;
        try
        {
            held = disk.OpenLock(path);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new InputException($"--out {shownOut}: another meshinfra render is writing into it ({Path.Combine(shownOut, FileName)} is locked); wait for it to finish, or render into another directory");
        }

        try
        {
            RenderLinks.RefuseName(outDir, shownOut, FileName);
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }
}
