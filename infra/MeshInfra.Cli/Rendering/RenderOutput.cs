using System.Text;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// Writes a render under the output directory, all or nothing, and only over what an earlier render
/// wrote. The render owns the folders listed in its manifest (<see cref="RenderManifest"/>); it checks
/// they hold exactly what it wrote, stages the new render beside them, then swaps
/// (<see cref="RenderSwap"/>). On any failure the previous render stays byte for byte, and a folder
/// the render had to create is removed again. Anything else in the output directory is left alone.
/// </summary>
public static class RenderOutput
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <exception cref="InputException">The output directory is not one the render may write, or cannot be written.</exception>
    public static void Write(string outDir, IReadOnlyList<string> folders, IReadOnlyList<RenderedFile> files, IRenderDisk? disk = null)
    {
        disk ??= RenderDisk.Instance;
        if (string.IsNullOrWhiteSpace(outDir))
        {
            throw new InputException("--out: give a directory to render into, e.g. --out out/dev");
        }

        string full;
        try
        {
            full = Path.GetFullPath(outDir);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InputException($"--out {outDir}: not a usable path ({e.Message}); give a directory, e.g. --out out/dev");
        }

        var created = FirstMissing(full, outDir);
        try
        {
            disk.CreateDirectory(full);
            using (RenderLock.Take(full, outDir, disk))
            {
                // Under the lock: no other render changes these names now, and a link planted before is seen.
                RenderLinks.Refuse(full, outDir);
                RenderSwap.Recover(full, outDir, disk);
                var owned = ReadManifest(full, outDir);
                var conflicts = RenderOwnership.Conflicts(full, outDir, owned, folders);
                if (conflicts.Count > 0)
                {
                    throw new InputException(conflicts);
                }

                var next = Stage(full, folders, files, disk);
                RenderSwap.Swap(full, owned, next, disk);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InputException)
        {
            if (created is not null)
            {
                TryDeleteCreated(created, disk);
            }

            throw e as InputException ?? new InputException($"--out {outDir}: cannot write the render ({e.Message}); the previous render, if any, is unchanged");
        }
    }

    /// <returns>The manifest of the staged render, which it also holds.</returns>
    private static RenderManifest Stage(string outDir, IReadOnlyList<string> folders, IReadOnlyList<RenderedFile> files, IRenderDisk disk)
    {
        var staged = Path.Combine(outDir, RenderSwap.NewFolder);
        try
        {
            disk.CreateDirectory(staged);
            disk.WriteFile(Path.Combine(staged, RenderSwap.Stamp), []);
            foreach (var folder in folders)
            {
                disk.CreateDirectory(Path.Combine(staged, folder));
            }

            // Encoded one file at a time: the render shares one string among the many files that hold the
            // same text, and holding every file's bytes at once would cost that memory again per file.
            var hashes = new Dictionary<string, string>(ReferenceEqualityComparer.Instance);
            var written = new List<(string RelativePath, string Hash)>(files.Count);
            // A layout may nest files in a cluster's folder (the kubectl layout's manifests/ and helm/);
            // those subfolders are created once, as the first file in each needs it.
            var subfolders = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var bytes = Utf8.GetBytes(file.Content);
                var path = Path.Combine(staged, file.RelativePath);
                if (file.Name.Contains('/', StringComparison.Ordinal) && subfolders.Add(Path.GetDirectoryName(path)!))
                {
                    disk.CreateDirectory(Path.GetDirectoryName(path)!);
                }

                disk.WriteFile(path, bytes);
                if (!hashes.TryGetValue(file.Content, out var hash))
                {
                    hash = RenderManifest.Hash(bytes);
                    hashes[file.Content] = hash;
                }

                written.Add((file.RelativePath, hash));
            }

            // Last: a staged manifest marks the staged render complete (see RenderSwap.Recover).
            var next = RenderManifest.Of(folders, written);
            disk.WriteFile(Path.Combine(staged, RenderManifest.FileName), next.ToBytes());
            return next;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RenderSwap.Discard(outDir, disk);
            throw;
        }
    }

    private static RenderManifest ReadManifest(string outDir, string shownOut)
    {
        var path = Path.Combine(outDir, RenderManifest.FileName);
        if (Directory.Exists(path))
        {
            throw new InputException($"--out {shownOut}: '{Path.Combine(shownOut, RenderManifest.FileName)}' is a folder, where the render keeps the list of what it wrote; move it away");
        }

        if (!File.Exists(path))
        {
            return RenderManifest.Empty;
        }

        return RenderManifest.Parse(File.ReadAllText(path))
            ?? throw new InputException($"--out {shownOut}: '{Path.Combine(shownOut, RenderManifest.FileName)}' is not a render manifest meshinfra wrote; move it away");
    }

    /// <summary>
    /// The outermost folder of <paramref name="full"/> that does not exist yet (the render creates it, and
    /// removes it again on failure), or null. A file on the way is bad input before anything is created.
    /// </summary>
    private static string? FirstMissing(string full, string shownOut)
    {
        string? missing = null;
        for (var path = full; path is not null; path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path))
            {
                var where = path == full ? "is a file" : $"is inside '{path}', which is a file";
                throw new InputException($"--out {shownOut}: {where}; give a directory (new, empty, or one meshinfra rendered into before)");
            }

            if (Directory.Exists(path))
            {
                return missing;
            }

            missing = path;
        }

        return missing;
    }

    private static void TryDeleteCreated(string created, IRenderDisk disk)
    {
        try
        {
            if (Directory.Exists(created))
            {
                disk.DeleteFolder(created);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing of the user's is in a folder this render created; leaving it costs nothing.
        }
    }
}
