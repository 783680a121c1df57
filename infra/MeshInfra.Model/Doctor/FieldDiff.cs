using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// Compares a planned object with the live one on the fields the plan sets, and no others: the API
/// server adds defaults (a Service's clusterIP, a port's protocol), status and managedFields, which
/// are not drift. Maps compare key by key of the planned map; lists item by item; scalars as text.
/// Doctor compares every planned object of every cluster (200,000 on 100 clusters of 1,000
/// services), so a field's path is kept as a stack of segments and written out only for a field
/// that differs, and equal scalars are recognised without formatting them as text.
/// </summary>
internal static class FieldDiff
{
    public static List<FieldDifference> Compare(MapNode planned, MapNode live, DocReader read)
    {
        var found = new List<FieldDifference>();
        var path = new List<(string? Key, int Index)>();
        foreach (var entry in planned.Entries)
        {
            switch (entry.Key)
            {
                case "apiVersion" or "kind" or "status":
                    break;
                case "stringData":
                    // Write-only: the API server merges a Secret's stringData into data and never returns it.
                    break;
                case "metadata":
                    // Of metadata MeshInfra sets only labels and annotations beyond the name.
                    var meta = entry.Value as MapNode ?? MapNode.Empty;
                    foreach (var key in MetadataFields)
                    {
                        if (meta[key] is { } value)
                        {
                            path.Add(("metadata", 0));
                            path.Add((key, 0));
                            Walk(path, value, live.At("metadata", key), read, found);
                            path.Clear();
                        }
                    }

                    break;
                default:
                    path.Add((entry.Key, 0));
                    Walk(path, entry.Value, live[entry.Key], read, found);
                    path.Clear();
                    break;
            }
        }

        return found;
    }

    private static readonly string[] MetadataFields = ["labels", "annotations"];

    // path: the field's path as segments, a key or (Key null) a list index.
    private static void Walk(List<(string? Key, int Index)> path, ManifestNode planned, ManifestNode? live, DocReader read, List<FieldDifference> found)
    {
        switch (planned)
        {
            case MapNode map:
                if (live is not MapNode liveMap)
                {
                    found.Add(new FieldDifference(Path(path), "a map", Text(live, read), null));
                    return;
                }

                foreach (var entry in map.Entries)
                {
                    path.Add((entry.Key, 0));
                    Walk(path, entry.Value, liveMap[entry.Key], read, found);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case ListNode list:
                if (live is not ListNode liveList || liveList.Items.Length != list.Items.Length)
                {
                    found.Add(new FieldDifference(Path(path), $"{list.Items.Length} items", live is ListNode l ? $"{l.Items.Length} items" : Text(live, read), null));
                    return;
                }

                for (var i = 0; i < list.Items.Length; i++)
                {
                    path.Add((null, i));
                    Walk(path, list.Items[i], liveList.Items[i], read, found);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case ScalarNode { Value: var plannedValue } when live is ScalarNode { Value: var liveValue } && plannedValue.Equals(liveValue):
                // The same string, integer or boolean: equal as text too, without formatting either.
                break;
            case DeferredNode { Value: GeneratedCertificate }:
                // Certificates are compared by the trust check (chain, shared root); the key is never read.
                break;
            case DeferredNode deferred:
                var want = read.Str(deferred);
                if (want is not null && !want.StartsWith("${", StringComparison.Ordinal) && want != read.Str(live))
                {
                    found.Add(new FieldDifference(Path(path), want, Text(live, read), deferred.Value));
                }

                break;
            default:
                var planText = read.Str(planned);
                var liveText = read.Str(live);
                if (planText != liveText)
                {
                    found.Add(new FieldDifference(Path(path), planText ?? "", live is null ? null : liveText ?? Text(live, read), null));
                }

                break;
        }
    }

    /// <summary>The path as findings print it: <c>spec.ports[0].port</c>, <c>metadata.labels["topology.istio.io/network"]</c>.</summary>
    private static string Path(List<(string? Key, int Index)> path)
    {
        var text = new System.Text.StringBuilder();
        foreach (var (key, index) in path)
        {
            if (key is null)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"[{index}]");
            }
            else if (text.Length > 0 && (key.Contains('.', StringComparison.Ordinal) || key.Contains('/', StringComparison.Ordinal)))
            {
                text.Append("[\"").Append(key).Append("\"]");
            }
            else
            {
                text.Append(text.Length == 0 ? "" : ".").Append(key);
            }
        }

        return text.ToString();
    }

    private static string? Text(ManifestNode? node, DocReader read) => node switch
    {
        null => null,
        MapNode => "a map",
        ListNode l => $"{l.Items.Length} items",
        _ => read.Str(node),
    };
}
