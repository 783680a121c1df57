using System.Security.Cryptography;
using System.Text;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// What a render owns in its output directory, kept there as <see cref="FileName"/>: the folders it
/// made and every file in them with its SHA-256. The next render replaces exactly these and refuses to
/// touch anything else, so a folder that only shares a cluster's name, or a file added to a rendered
/// folder or edited in it, is never lost.
/// </summary>
public sealed record RenderManifest(IReadOnlyList<string> Folders, IReadOnlyDictionary<string, string> Files)
{
    public const string FileName = ".meshinfra-render";

    private const string Header = "meshinfra-render v1";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static RenderManifest Empty { get; } = new([], new Dictionary<string, string>());

    /// <summary>The manifest of files written, with their SHA-256; <see cref="ToBytes"/> sorts it, so it is byte for byte the same each time.</summary>
    public static RenderManifest Of(IEnumerable<string> folders, IEnumerable<(string RelativePath, string Hash)> files) =>
        new(
            folders.Order(StringComparer.Ordinal).ToList(),
            files.ToDictionary(f => f.RelativePath, f => f.Hash, StringComparer.Ordinal));

    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public byte[] ToBytes()
    {
        var text = new StringBuilder();
        text.Append("# Written by meshinfra render: the folders and files it owns in this directory. The next render\n");
        text.Append("# replaces exactly these and refuses to touch anything else. Do not edit; delete the folders\n");
        text.Append("# and this file together to give them up.\n");
        text.Append(Header).Append('\n');
        foreach (var folder in Folders)
        {
            text.Append("folder ").Append(folder).Append('\n');
        }

        foreach (var (path, hash) in Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append("file ").Append(hash).Append(' ').Append(path).Append('\n');
        }

        return Utf8.GetBytes(text.ToString());
    }

    /// <summary>Reads a manifest; null when the file is not one this CLI wrote (then nothing it names is owned).</summary>
    public static RenderManifest? Parse(string text)
    {
        var lines = text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        if (lines.Count == 0 || lines[0] != Header)
        {
            return null;
        }

        var folders = new List<string>();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith("folder ", StringComparison.Ordinal) && IsFolderName(line[7..]))
            {
                folders.Add(line[7..]);
            }
            else if (line.StartsWith("file ", StringComparison.Ordinal) && line.Length > 70 && line[69] == ' ' && IsHex(line[5..69]))
            {
                files[line[70..]] = line[5..69];
            }
            else
            {
                return null;
            }
        }

        return new RenderManifest(folders, files);
    }

    /// <summary>A plain folder name: never a path that reaches outside the output directory.</summary>
    private static bool IsFolderName(string name) =>
        name.Length > 0 && name != "." && name != ".." && name.IndexOfAny(['/', '\\', '\0']) < 0;

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigitLower);
}
