using System.Text;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// Writes a render under the output directory. Each folder it renders (one per cluster, and
/// <c>mesh</c>) is replaced whole, so a resource removed from the plan leaves no stale file behind;
/// anything else in the output directory is left alone.
/// </summary>
public static class RenderOutput
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <exception cref="InputException">The output directory cannot be written.</exception>
    public static void Write(string outDir, IReadOnlyList<string> folders, IReadOnlyList<RenderedFile> files)
    {
        if (string.IsNullOrWhiteSpace(outDir))
        {
            throw new InputException("--out: give a directory to render into, e.g. --out out/dev");
        }

        try
        {
            Directory.CreateDirectory(outDir);
            foreach (var folder in folders)
            {
                var path = Path.Combine(outDir, folder);
                if (File.Exists(path))
                {
                    throw new InputException($"--out {outDir}: '{path}' is a file, where the render puts the folder for {folder}; move it away");
                }

                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                Directory.CreateDirectory(path);
            }

            foreach (var file in files)
            {
                File.WriteAllText(Path.Combine(outDir, file.Folder, file.Name), file.Content, Utf8);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InputException($"--out {outDir}: cannot write the render ({e.Message})");
        }
    }
}
