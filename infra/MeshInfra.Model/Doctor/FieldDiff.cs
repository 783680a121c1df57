using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// Compares a planned object with the live one on the fields the plan sets, and no others: the API
/// server adds defaults (a Service's clusterIP, a port's protocol), status and managedFields, which
/// are not drift. Maps compare key by key of the planned map; lists item by item; scalars as text.
/// </summary>
internal static class FieldDiff
{
    public static List<FieldDifference> Compare(MapNode planned, MapNode live, DocReader read)
    {
        var found = new List<FieldDifference>();
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
                    foreach (var key in new[] { "labels", "annotations" })
                    {
                        if (meta[key] is { } value)
                        {
                            Walk($"metadata.{key}", value, live.At("metadata", key), read, found);
                        }
                    }

                    break;
                default:
                    Walk(entry.Key, entry.Value, live[entry.Key], read, found);
                    break;
            }
        }

        return found;
    }

    private static void Walk(string path, ManifestNode planned, ManifestNode? live, DocReader read, List<FieldDifference> found)
    {
        switch (planned)
        {
            case MapNode map:
                if (live is not MapNode liveMap)
                {
                    found.Add(new FieldDifference(path, "a map", Text(live, read), null));
                    return;
                }

                foreach (var entry in map.Entries)
                {
                    Walk(Child(path, entry.Key), entry.Value, liveMap[entry.Key], read, found);
                }

                break;
            case ListNode list:
                if (live is not ListNode liveList || liveList.Items.Length != list.Items.Length)
                {
                    found.Add(new FieldDifference(path, $"{list.Items.Length} items", live is ListNode l ? $"{l.Items.Length} items" : Text(live, read), null));
                    return;
                }

                for (var i = 0; i < list.Items.Length; i++)
                {
                    Walk($"{path}[{i}]", list.Items[i], liveList.Items[i], read, found);
                }

                break;
            case DeferredNode { Value: GeneratedCertificate }:
                // Certificates are compared by the trust check (chain, shared root); the key is never read.
                break;
            case DeferredNode deferred:
                var want = read.Str(deferred);
                if (want is not null && !want.StartsWith("${", StringComparison.Ordinal) && want != read.Str(live))
                {
                    found.Add(new FieldDifference(path, want, Text(live, read), deferred.Value));
                }

                break;
            default:
                var planText = read.Str(planned);
                var liveText = read.Str(live);
                if (planText != liveText)
                {
                    found.Add(new FieldDifference(path, planText ?? "", live is null ? null : liveText ?? Text(live, read), null));
                }

                break;
        }
    }

    private static string Child(string path, string key) =>
        key.Contains('.', StringComparison.Ordinal) || key.Contains('/', StringComparison.Ordinal) ? $"{path}[\"{key}\"]" : $"{path}.{key}";

    private static string? Text(ManifestNode? node, DocReader read) => node switch
    {
        null => null,
        MapNode => "a map",
        ListNode l => $"{l.Items.Length} items",
        _ => read.Str(node),
    };
}
