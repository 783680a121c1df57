namespace MeshInfra.Cli.Rendering;

/// <summary>
/// Keeps two renders from writing into one output directory at once: each would take the other's
/// staged render for a killed one's leftovers and delete it. The lock is the operating system's on an
/// open file, so a killed render releases it; the file itself is deleted when the render closes it.
/// </summary>
public static class RenderLock
{
    public const string FileName = ".meshinfra-render.lock";

    /// <exception cref="InputException">Another render holds the lock.</exception>
    public static FileStream Take(string outDir, string shownOut)
    {
        try
        {
            return new FileStream(Path.Combine(outDir, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
        }
        catch (IOException) when (File.Exists(Path.Combine(outDir, FileName)))
        {
            throw new InputException($"--out {shownOut}: another meshinfra render is writing into it ({Path.Combine(shownOut, FileName)} is locked); wait for it to finish, or render into another directory");
        }
    }
}
