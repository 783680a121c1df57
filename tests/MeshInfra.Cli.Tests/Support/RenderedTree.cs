using MeshInfra.Cli.Rendering;

namespace MeshInfra.Cli.Tests.Support;

/// <summary>Reads back a render: every file under a directory by relative path, as bytes and text.</summary>
internal static class RenderedTree
{
    /// <summary>The rendered files, without the render's own manifest.</summary>
    public static SortedDictionary<string, byte[]> Bytes(string root) =>
        new(All(root).Where(p => p.Key != RenderManifest.FileName).ToDictionary(), StringComparer.Ordinal);

    /// <summary>Everything under <paramref name="root"/>, the manifest and any work folder included.</summary>
    public static SortedDictionary<string, byte[]> All(string root) =>
        new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes), StringComparer.Ordinal);

    public static IEnumerable<string> Texts(string root) => Bytes(root).Values.Select(b => System.Text.Encoding.UTF8.GetString(b));
}
