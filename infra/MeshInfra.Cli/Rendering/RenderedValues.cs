using System.Globalization;
using System.Text;
using MeshInfra.Cli.Stack;
using MeshInfra.Model.Planning;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// The <c>--set</c> values a render was given, kept beside its files (<c>mesh/set-values.yaml</c>), so
/// <c>trace</c> and <c>verify --objects DIR</c> read the same deploy-time values the objects were
/// rendered with instead of placeholders (which reach no gateway). Only settable values exist here:
/// gateway addresses and NodePorts; a generated certificate can never be set, so nothing secret is kept.
/// A <c>--set</c> given to trace or verify wins over the recorded value of the same key.
/// </summary>
public static class RenderedValues
{
    public const string FileName = "set-values.yaml";

    private const string Key = "set";

    /// <summary>The file recording the values, or none when the render was given none (so a plain render's files do not change).</summary>
    public static RenderedFile? File(MeshPlan plan, DeferredValueResolver values)
    {
        var keys = values.GivenKeys.ToList();
        if (keys.Count == 0)
        {
            return null;
        }

        var byKey = plan.DeferredValues.ToDictionary(v => v.Key, StringComparer.Ordinal);
        var text = new StringBuilder();
        text.Append("# Written by meshinfra render: the --set values this render was given (deploy-time values, never secrets).\n");
        text.Append("# trace and verify --objects read them back; a --set given to them wins.\n");
        text.Append(Key).Append(":\n");
        foreach (var key in keys)
        {
            var value = values.Resolve(byKey[key]).Value;
            // Keys are plan names (cluster names and a fixed suffix); a value is an address or a port that
            // --set has already checked. Both are quoted anyway, so the file stays data whatever they hold.
            var shown = value is long number ? number.ToString(CultureInfo.InvariantCulture) : Quote(value?.ToString() ?? "");
            text.Append("  ").Append(Quote(key)).Append(": ").Append(shown).Append('\n');
        }

        return new RenderedFile(ResourceId.MeshScope, FileName, text.ToString());
    }

    /// <summary>
    /// The values for trace and verify: those recorded in <paramref name="objectsDir"/> (if any), then every
    /// <paramref name="sets"/> argument over them. A recorded value is checked as a --set is, and a problem
    /// names the file.
    /// </summary>
    public static DeferredValueResolver Resolve(MeshPlan plan, IReadOnlyList<string> sets, string? objectsDir)
    {
        var recorded = objectsDir is null ? [] : Read(Path.Combine(objectsDir, ResourceId.MeshScope, FileName));
        if (recorded.Count == 0)
        {
            return DeferredValueResolver.FromSetArguments(plan, sets);
        }

        var path = Path.Combine(objectsDir!, ResourceId.MeshScope, FileName);
        try
        {
            DeferredValueResolver.FromSetArguments(plan, recorded.Select(r => $"{r.Key}={r.Value}"));
        }
        catch (InputException e)
        {
            throw new InputException(
                e.Lines.Select(l => $"{path}: {l}").Append($"{path}: render the objects again from this stack, or give the value with --set").ToList());
        }

        // An explicit --set wins: the recorded value of its key is dropped before the two are checked together.
        var explicitKeys = sets.Select(s => s.IndexOf('=', StringComparison.Ordinal) is > 0 and var i ? s[..i].Trim() : s).ToHashSet(StringComparer.Ordinal);
        var merged = recorded.Where(r => !explicitKeys.Contains(r.Key)).Select(r => $"{r.Key}={r.Value}").Concat(sets);
        return DeferredValueResolver.FromSetArguments(plan, merged);
    }

    private static List<(string Key, string Value)> Read(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            return [];
        }

        YamlStream yaml;
        using (var text = StackFileBytes.Open(path))
        {
            yaml = BoundedYaml.Load(path, text);
        }

        var values = new List<(string Key, string Value)>();
        var root = yaml.Documents.Count == 1 ? yaml.Documents[0].RootNode as YamlMappingNode : null;
        if (root is null || root.Children.Count != 1 || root.Children.Keys.Single() is not YamlScalarNode { Value: Key }
            || root.Children.Values.Single() is not YamlMappingNode entries)
        {
            throw new InputException($"{path}: expected the file render writes ({Key}: a map of KEY: VALUE); render the objects again");
        }

        foreach (var (key, value) in entries.Children)
        {
            if (key is not YamlScalarNode { Value: { } k } || value is not YamlScalarNode { Value: { } v })
            {
                throw new InputException($"{path}: {Key}: every entry is KEY: VALUE (a scalar); render the objects again");
            }

            values.Add((k, v));
        }

        return values;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
