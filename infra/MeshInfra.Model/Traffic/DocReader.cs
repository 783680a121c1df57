using System.Collections.Immutable;
using System.Globalization;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Traffic;

/// <summary>Reads fields of manifest documents; deferred values read as the resolver says.</summary>
public sealed class DocReader(Func<DeferredValue, string> resolve)
{
    public string? Str(ManifestNode? node) => node switch
    {
        ScalarNode { Value: string s } => s,
        ScalarNode { Value: long l } => l.ToString(CultureInfo.InvariantCulture),
        ScalarNode { Value: bool b } => b ? "true" : "false",
        ScalarNode { Value: double d } => d.ToString(CultureInfo.InvariantCulture),
        DeferredNode d => resolve(d.Value),
        _ => null,
    };

    public int? Int(ManifestNode? node) => int.TryParse(Str(node), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

    public static IEnumerable<ManifestNode> Items(ManifestNode? node) => node is ListNode list ? list.Items : [];

    public ImmutableArray<string> Strings(ManifestNode? node) => [.. Items(node).Select(Str).OfType<string>()];

    public ImmutableSortedDictionary<string, string> StringMap(ManifestNode? node)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (node is MapNode map)
        {
            foreach (var entry in map.Entries)
            {
                if (Str(entry.Value) is { } value)
                {
                    builder[entry.Key] = value;
                }
            }
        }

        return builder.ToImmutable();
    }
}
