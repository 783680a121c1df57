using System.Text.RegularExpressions;
using MeshInfra.Cli.Rendering;

namespace MeshInfra.Benchmarks;

/// <summary>
/// Compares two renders resource by resource. A render numbers its files by the mesh-wide apply
/// order, so one added resource renumbers every file after it; a resource is therefore identified
/// by its folder and file name without the step number, and a Helm release's two files (which name
/// each other, step number included) count as one resource whose own number is masked.
/// </summary>
internal static partial class RenderDiff
{
    public static ResourceChanges Compare(IReadOnlyList<RenderedFile> before, IReadOnlyList<RenderedFile> after)
    {
        var old = Resources(before);
        var now = Resources(after);
        var added = Tally(now.Keys.Where(k => !old.ContainsKey(k)));
        var removed = Tally(old.Keys.Where(k => !now.ContainsKey(k)));
        var changed = Tally(now.Keys.Where(k => old.TryGetValue(k, out var was) && was.Content != now[k].Content));

        var beforeByPath = before.ToDictionary(f => f.RelativePath, f => f.Content, StringComparer.Ordinal);
        var afterByPath = after.ToDictionary(f => f.RelativePath, f => f.Content, StringComparer.Ordinal);
        var differing = afterByPath.Count(p => !beforeByPath.TryGetValue(p.Key, out var c) || c != p.Value)
            + beforeByPath.Keys.Count(p => !afterByPath.ContainsKey(p));
        var renumbered = now.Count(p => old.TryGetValue(p.Key, out var was) && was.Content == p.Value.Content && was.Paths != p.Value.Paths);
        return new ResourceChanges(added, removed, changed, differing, renumbered);
    }

    /// <summary>Resources per folder (cluster, or <c>mesh</c>) and kind.</summary>
    public static Dictionary<string, Dictionary<string, int>> CountByFolder(IReadOnlyList<RenderedFile> files) =>
        Resources(files).Keys
            .GroupBy(k => k[..k.IndexOf('/', StringComparison.Ordinal)], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Tally(g), StringComparer.Ordinal);

    /// <summary>The kind a resource key starts with: <c>serviceentry</c>, <c>destinationrule</c>, <c>helm</c>, <c>corefile</c>, ...</summary>
    public static string Kind(string key)
    {
        var name = key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var kind = name[..name.IndexOf('-', StringComparison.Ordinal)];
        return kind == "configmap" && name.Contains("coredns-custom", StringComparison.Ordinal) ? "corefile" : kind;
    }

    private static Dictionary<string, (string Content, string Paths)> Resources(IReadOnlyList<RenderedFile> files)
    {
        var resources = new Dictionary<string, (string Content, string Paths)>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var match = NumberedName().Match(file.Name);
            var number = match.Groups["number"].Value;
            var key = file.Folder + "/" + match.Groups["stem"].Value;
            var content = file.Content.Replace(number + "-helm-", "#-helm-", StringComparison.Ordinal);
            resources[key] = resources.TryGetValue(key, out var part)
                ? (part.Content + "\n---\n" + content, part.Paths + "|" + file.RelativePath)
                : (content, file.RelativePath);
        }

        return resources;
    }

    private static Dictionary<string, int> Tally(IEnumerable<string> keys) =>
        keys.GroupBy(Kind, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    // NNN-<stem>[.values|.release].yaml: a Helm release's two files share one stem.
    [GeneratedRegex(@"^(?<number>\d+)-(?<stem>.+?)(\.values|\.release)?\.yaml$")]
    private static partial Regex NumberedName();
}
