namespace MeshInfra.Cli.Rendering;

/// <summary>
/// Puts a staged render in place of the previous one. The new render is written whole into
/// <see cref="NewFolder"/> first; the swap is then a handful of renames inside the output directory:
/// the previous render's folders and manifest move into <see cref="OldFolder"/>, the new ones move in,
/// and moving the new manifest in is the commit. Anything that stops it before the commit (an error
/// here, or a kill, found by <see cref="Recover"/> on the next render) puts the previous render back
/// as it was; after the commit only the two work folders are left to delete.
/// </summary>
public static class RenderSwap
{
    public const string NewFolder = ".meshinfra-render.new";
    public const string OldFolder = ".meshinfra-render.old";

    /// <summary>Written first into each work folder: it says the folder is the render's own to delete.</summary>
    public const string Stamp = ".stamp";

    public static void Swap(string outDir, RenderManifest previous, RenderManifest next, IRenderDisk disk)
    {
        var old = Path.Combine(outDir, OldFolder);
        var staged = Path.Combine(outDir, NewFolder);
        try
        {
            disk.CreateDirectory(old);
            disk.WriteFile(Path.Combine(old, Stamp), []);
            foreach (var folder in previous.Folders.Where(f => Directory.Exists(Path.Combine(outDir, f))))
            {
                disk.Move(Path.Combine(outDir, folder), Path.Combine(old, folder));
            }

            if (File.Exists(Path.Combine(outDir, RenderManifest.FileName)))
            {
                disk.Move(Path.Combine(outDir, RenderManifest.FileName), Path.Combine(old, RenderManifest.FileName));
            }

            foreach (var folder in next.Folders)
            {
                disk.Move(Path.Combine(staged, folder), Path.Combine(outDir, folder));
            }

            disk.Move(Path.Combine(staged, RenderManifest.FileName), Path.Combine(outDir, RenderManifest.FileName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                RollBack(outDir, disk);
            }
            catch (Exception undo) when (undo is IOException or UnauthorizedAccessException)
            {
                // Nothing is lost: the previous render sits whole in the old folder, and Recover puts it back.
                throw new InputException($"--out {outDir}: cannot write the render ({e.Message}), and cannot yet put the previous one back ({undo.Message}); it is kept whole in {Path.Combine(outDir, OldFolder)}, and the next render restores it before it starts");
            }

            throw;
        }

        // Committed: what is left is the previous render's folders, which nothing points at any more.
        // A failure to delete them costs disk space only, and the next render deletes them.
        TryDelete(old, disk);
        TryDelete(staged, disk);
    }

    /// <summary>Finishes or undoes a render that was stopped (killed) before it cleaned up after itself.</summary>
    /// <exception cref="InputException">A work folder's name is taken by something the render did not write.</exception>
    public static void Recover(string outDir, string shownOut, IRenderDisk disk)
    {
        var old = Path.Combine(outDir, OldFolder);
        var staged = Path.Combine(outDir, NewFolder);
        RequireOwn(old, shownOut, OldFolder);
        RequireOwn(staged, shownOut, NewFolder);
        if (Directory.Exists(old))
        {
            // The new manifest still staged means the swap had not committed: put the previous render back.
            if (File.Exists(Path.Combine(staged, RenderManifest.FileName)))
            {
                RollBack(outDir, disk);
                return;
            }

            DeleteWorkFolder(old, disk);
        }

        if (Directory.Exists(staged))
        {
            DeleteWorkFolder(staged, disk);
        }
    }

    /// <summary>Deletes the staged render, if any, after it failed before the swap began.</summary>
    public static void Discard(string outDir, IRenderDisk disk) => TryDelete(Path.Combine(outDir, NewFolder), disk);

    private static void RollBack(string outDir, IRenderDisk disk)
    {
        var old = Path.Combine(outDir, OldFolder);
        var staged = Path.Combine(outDir, NewFolder);
        var next = File.Exists(Path.Combine(staged, RenderManifest.FileName))
            ? RenderManifest.Parse(File.ReadAllText(Path.Combine(staged, RenderManifest.FileName))) ?? RenderManifest.Empty
            : RenderManifest.Empty;

        // A new folder already moved in is gone from the staging folder; move it back out of the way.
        foreach (var folder in next.Folders)
        {
            var placed = Path.Combine(outDir, folder);
            if (!Directory.Exists(Path.Combine(staged, folder)) && Directory.Exists(placed))
            {
                disk.Move(placed, Path.Combine(staged, folder));
            }
        }

        if (Directory.Exists(old))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(old).Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(entry) != Stamp)
                {
                    disk.Move(entry, Path.Combine(outDir, Path.GetFileName(entry)));
                }
            }

            DeleteWorkFolder(old, disk);
        }

        TryDelete(staged, disk);
    }

    private static void RequireOwn(string folder, string shownOut, string name)
    {
        if (File.Exists(folder) || (Directory.Exists(folder) && !File.Exists(Path.Combine(folder, Stamp)) && Directory.EnumerateFileSystemEntries(folder).Any()))
        {
            throw new InputException($"--out {shownOut}: '{Path.Combine(shownOut, name)}' is a name the render keeps for its work in progress, and this one it did not write; move it away");
        }
    }

    private static void TryDelete(string folder, IRenderDisk disk)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                DeleteWorkFolder(folder, disk);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only the render's own work folder is left behind; the next render deletes it.
        }
    }

    /// <summary>
    /// Deletes one of the render's work folders with its stamp last: a kill midway leaves a folder that
    /// still says it is the render's, which the next render deletes, instead of an unstamped one it
    /// must refuse to touch. (A recursive delete removes entries in no defined order.)
    /// </summary>
    private static void DeleteWorkFolder(string folder, IRenderDisk disk)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder).Where(e => Path.GetFileName(e) != Stamp).ToList())
        {
            if (Directory.Exists(entry))
            {
                disk.DeleteFolder(entry);
            }
            else
            {
                disk.DeleteFile(entry);
            }
        }

        disk.DeleteFolder(folder);
    }
}
