namespace MeshInfra.Cli.Tests.Support;

/// <summary>Reads back a render: every file under a directory by relative path, as bytes and text.</summary>
internal static class RenderedTree
{
    public static SortedDictionary<string, byte[]> Bytes(string root) =>
        new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes), StringComparer.Ordinal);

    public static IEnumerable<string> Texts(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(File.ReadAllText);
}
