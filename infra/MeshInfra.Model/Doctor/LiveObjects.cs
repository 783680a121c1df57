using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// One live cluster's objects indexed once by (kind, namespace, name) and by kind, so every check
/// looks an object up in constant time: doctor runs over 100 clusters of 1,000 services.
/// </summary>
internal sealed class LiveObjects
{
    private readonly Dictionary<(string Kind, string Namespace, string Name), MapNode> byKey = [];
    private readonly Dictionary<string, List<MapNode>> byKind = new(StringComparer.Ordinal);

    public LiveObjects(LiveCluster cluster, DocReader read)
    {
        Cluster = cluster;
        foreach (var doc in cluster.Objects)
        {
            var kind = read.Str(doc["kind"]) ?? "";
            var key = (kind, read.Str(doc.At("metadata", "namespace")) ?? "", read.Str(doc.At("metadata", "name")) ?? "");
            byKey.TryAdd(key, doc);
            if (!byKind.TryGetValue(kind, out var list))
            {
                byKind[kind] = list = [];
            }

            list.Add(doc);
        }
    }

    public LiveCluster Cluster { get; }

    public string Name => Cluster.Name;

    public MapNode? Get(string kind, string? ns, string name) => byKey.GetValueOrDefault((kind, ns ?? "", name));

    public IReadOnlyList<MapNode> OfKind(string kind) => byKind.TryGetValue(kind, out var list) ? list : [];

    /// <summary>False for a kind the reader could not list here (refused, or its CRD not installed): its empty list means unknown, not none.</summary>
    public bool IsRead(string kind) => !Cluster.Unread.ContainsKey(kind);

    public static string Describe(string kind, string? ns, string name) => ns is null or "" ? $"{kind} {name}" : $"{kind} {ns}/{name}";

    public static ImmutableSortedDictionary<string, string> Labels(MapNode doc, DocReader read) => read.StringMap(doc.At("metadata", "labels"));
}
