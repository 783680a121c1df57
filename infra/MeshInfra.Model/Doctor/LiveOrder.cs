using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// Istio's first-wins order (<see cref="CreationOrder"/>: creation time, then name, then namespace) as
/// doctor reads it from live objects. Doctor puts an object without a timestamp, and one of ours the
/// cluster does not hold yet, first rather than last: it asks whether anything already there beats ours.
/// </summary>
internal static class LiveOrder
{
    public static CreationOrder Of(MapNode doc, DocReader read)
    {
        var order = CreationOrder.Of(doc["metadata"] as MapNode, read.Str(doc.At("metadata", "name")) ?? "", read.Str(doc.At("metadata", "namespace")) ?? "", read);
        return order.Created is null ? order with { Created = DateTimeOffset.MinValue } : order;
    }

    /// <summary>One of ours that the cluster does not hold yet.</summary>
    public static CreationOrder Unapplied(string name, string ns) => new(DateTimeOffset.MinValue, name, ns);
}
