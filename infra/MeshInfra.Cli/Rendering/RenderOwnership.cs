using MeshInfra.Cli.Summary;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// Before a render touches anything: every folder it will replace or remove must be exactly what the
/// previous render wrote (its manifest says so), so no file of the user's is ever deleted or
/// overwritten. One line per folder in the way, naming it and the fix.
/// </summary>
public static class RenderOwnership
{
    /// <returns>The problems, empty when the render may go ahead.</returns>
    public static IReadOnlyList<string> Conflicts(string outDir, string shownOut, RenderManifest owned, IReadOnlyList<string> folders)
    {
        var problems = new List<string>();
        foreach (var folder in folders.Union(owned.Folders).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(outDir, folder);
            var shown = Path.Combine(shownOut, folder);
            if (File.Exists(path) || (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is not null))
            {
                problems.Add($"--out {shownOut}: '{shown}' is in the way of the render's folder for {folder} and was not written by it; move it away, or render into a new or empty directory");
            }
            else if (Directory.Exists(path) && !owned.Folders.Contains(folder))
            {
                problems.Add($"--out {shownOut}: '{shown}' was not written by meshinfra render (it is not in {Path.Combine(shownOut, RenderManifest.FileName)}); move it away, or render into a new or empty directory");
            }
            else if (Directory.Exists(path))
            {
                var foreign = Foreign(path, folder, owned).ToList();
                if (foreign.Count > 0)
                {
                    var more = foreign.Count > 1 ? $" (and {Words.Count(foreign.Count - 1, "more entry", "more entries")})" : "";
                    problems.Add($"--out {shownOut}: {foreign[0]}{more}; the render replaces {shown} whole, so move it out first, or render into a new or empty directory");
                }
            }
        }

        return problems;
    }

    /// <summary>What in a rendered folder the render did not write: added files and folders, edited files.</summary>
    private static IEnumerable<string> Foreign(string path, string folder, RenderManifest owned)
    {
        // A subfolder is the render's when it holds a file the render wrote: the render creates folders
        // only for its files, so an empty or foreign-only subfolder was made by someone else.
        var subfolders = owned.Files.Keys
            .Where(f => f.StartsWith(folder + "/", StringComparison.Ordinal))
            .SelectMany(Parents)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = folder + "/" + Path.GetRelativePath(path, entry).Replace('\\', '/');
            var info = new FileInfo(entry);
            if (Directory.Exists(entry) && info.LinkTarget is null && subfolders.Contains(relative))
            {
                continue;
            }

            if (Directory.Exists(entry) || info.LinkTarget is not null || !owned.Files.TryGetValue(relative, out var hash))
            {
                yield return $"'{relative}' was not written by meshinfra render";
            }
            else if (RenderManifest.Hash(File.ReadAllBytes(entry)) != hash)
            {
                yield return $"'{relative}' was changed since meshinfra rendered it";
            }
        }
    }

    /// <summary>The folders above a rendered file below its cluster folder: <c>c/a/b/f</c> gives <c>c/a/b</c> and <c>c/a</c>.</summary>
    private static IEnumerable<string> Parents(string relativePath)
    {
        for (var slash = relativePath.LastIndexOf('/'); slash > 0 && relativePath.IndexOf('/', StringComparison.Ordinal) < slash; slash = relativePath.LastIndexOf('/', slash - 1))
        {
            yield return relativePath[..slash];
        }
    }
}
