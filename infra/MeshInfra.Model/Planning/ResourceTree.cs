using System.Globalization;
using System.Text.Json;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Planning;

/// <summary>
/// Every planned resource as one tree of what the deploy sets, so two plans compare field by field:
/// an object is its manifest; a release its chart, version, source and values; a CA its profile; a
/// CoreDNS change its mode and hosts. Deferred values compare by their key (never by a value, so
/// nothing secret is ever read or printed).
/// </summary>
public static class ResourceTree
{
    public static ManifestNode Of(PlannedResource resource) => resource switch
    {
        PlannedObject o => o.IsPatch ? MapNode.Of(("patch", true), ("object", o.Object.ToNode())) : o.Object.ToNode(),
        PlannedRelease r => MapNode.Of(
            ("chart", r.ChartReference),
            ("version", r.Version),
            ("repository", r.RepositoryUrl),
            ("namespace", r.Namespace),
            ("values", r.Values),
            ("retainOnDelete", r.RetainOnDelete ? (ManifestNode)true : null)),
        PlannedCertificate c => MapNode.Of(
            ("subject", MapNode.Of(("O", c.Certificate.Subject.Organization), ("CN", c.Certificate.Subject.CommonName), ("L", c.Certificate.Subject.Locality))),
            ("key", $"{c.Certificate.KeyAlgorithm} {c.Certificate.RsaBits}"),
            ("validityDays", c.Certificate.ValidityDays),
            ("maxPathLength", c.Certificate.MaxPathLength is { } n ? (ManifestNode)n : null),
            ("allowedUses", ListNode.Of([.. c.Certificate.AllowedUses.Select(u => (ManifestNode)u!)])),
            ("dnsNames", ListNode.Of([.. c.Certificate.DnsNames.Select(u => (ManifestNode)u!)])),
            ("signedBy", c.SignedBy?.ToString()),
            ("generation", c.Generation)),
        PlannedDnsChange d => MapNode.Of(
            ("mode", d.Mode.ToString()),
            ("configMap", $"{PlannedDnsChange.ConfigMapNamespace}/{d.ConfigMapName}"),
            ("key", d.DataKey),
            ("hosts", MapNode.OfStrings(d.Block.Entries.ToDictionary(e => e.Hostname, e => e.Address, StringComparer.Ordinal)))),
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "Unknown planned resource."),
    };

    /// <summary>The leaves of a tree as (path, JSON text), in tree order; an empty map or list is a leaf of its own.</summary>
    public static IEnumerable<(string Path, string Value)> Leaves(ManifestNode node)
    {
        var leaves = new List<(string, string)>();
        Collect(node, string.Empty, leaves);
        return leaves;
    }

    private static void Collect(ManifestNode node, string path, List<(string, string)> into)
    {
        switch (node)
        {
            case MapNode { Count: 0 }:
                into.Add((path, "{}"));
                break;
            case MapNode map:
                foreach (var entry in map.Entries)
                {
                    Collect(entry.Value, path.Length == 0 ? Key(entry.Key) : $"{path}.{Key(entry.Key)}", into);
                }

                break;
            case ListNode { Items.IsEmpty: true }:
                into.Add((path, "[]"));
                break;
            case ListNode list:
                for (var i = 0; i < list.Items.Length; i++)
                {
                    Collect(list.Items[i], $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", into);
                }

                break;
            case DeferredNode or ScalarNode:
                into.Add((path, Text(node)));
                break;
        }
    }

    /// <summary>
    /// A value as one line of JSON, as a diff shows it: a deferred value as its placeholder
    /// (<c>${gateway address of cluster2}</c>), never a value only the cluster knows.
    /// </summary>
    public static string Text(ManifestNode node) => node switch
    {
        DeferredNode d => d.Value.Placeholder,
        ScalarNode { Value: string text } => JsonSerializer.Serialize(text),
        ScalarNode { Value: bool b } => b ? "true" : "false",
        ScalarNode { Value: double x } => x.ToString("R", CultureInfo.InvariantCulture),
        ScalarNode s => Convert.ToString(s.Value, CultureInfo.InvariantCulture)!,
        MapNode map => "{" + string.Join(", ", map.Entries.Select(e => $"{JsonSerializer.Serialize(e.Key)}: {Text(e.Value)}")) + "}",
        ListNode list => "[" + string.Join(", ", list.Items.Select(Text)) + "]",
        _ => throw new ArgumentOutOfRangeException(nameof(node), node, "Unknown manifest node."),
    };

    // Keys with dots (labels such as topology.istio.io/network) are quoted so the path stays readable.
    internal static string Key(string key) => key.Contains('.', StringComparison.Ordinal) ? $"\"{key}\"" : key;
}
