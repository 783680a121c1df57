using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// The order istiod gives Istio objects of one kind where the first wins: creation time, then name,
/// then namespace (pilot/pkg/model/config.go: sortConfigByCreationTime at 1.30.3, configCompareByCreationTime
/// at 1.31.0-rc.0; VirtualServices are put in that order by virtualservice_controller.go
/// MergedVirtualServices at both). Times are RFC 3339 in UTC as the API server writes them, so they compare as text.
/// </summary>
internal readonly record struct ConfigOrder(string Created, string Name, string Namespace) : IComparable<ConfigOrder>
{
    public static ConfigOrder Of(MapNode doc, DocReader read) => new(
        read.Str(doc.At("metadata", "creationTimestamp")) ?? "",
        read.Str(doc.At("metadata", "name")) ?? "",
        read.Str(doc.At("metadata", "namespace")) ?? "");

    public int CompareTo(ConfigOrder other)
    {
        var byTime = string.CompareOrdinal(Created, other.Created);
        if (byTime != 0)
        {
            return byTime;
        }

        var byName = string.CompareOrdinal(Name, other.Name);
        return byName != 0 ? byName : string.CompareOrdinal(Namespace, other.Namespace);
    }

    public bool Before(ConfigOrder other) => CompareTo(other) < 0;
}
