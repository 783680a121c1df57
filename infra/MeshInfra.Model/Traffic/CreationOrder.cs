using System.Globalization;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The order istiod lists VirtualServices and DestinationRules in, where the first one wins: creation
/// time, then name, then namespace, each ordinal. Istio 1.30.3: pilot/pkg/model/config.go,
/// sortConfigByCreationTime (VirtualServices, via virtualservice_controller.go MergedVirtualServices) and
/// push_context.go, sortConfigBySelectorAndCreationTime (DestinationRules); 1.31.0-rc.0: config.go,
/// configCompareByCreationTime (via virtualservice_controller.go sortMergedVirtualServicesByCreationTime)
/// and the same sortConfigBySelectorAndCreationTime. An object without <c>metadata.creationTimestamp</c>
/// is one MeshInfra renders and has not applied yet: the model takes it as created at apply time, after
/// every object that has a timestamp, and all of a render in the same second (the API server stores
/// seconds), so among themselves they go by name and namespace as Istio breaks that tie.
/// </summary>
public readonly record struct CreationOrder(DateTimeOffset? Created, string Name, string Namespace) : IComparable<CreationOrder>
{
    public static CreationOrder Of(MapNode? metadata, string name, string ns, DocReader read) =>
        new(DateTimeOffset.TryParse(read.Str(metadata?["creationTimestamp"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var created) ? created : null, name, ns);

    public int CompareTo(CreationOrder other)
    {
        var byTime = (Created, other.Created) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            var (a, b) => a.Value.CompareTo(b.Value),
        };
        if (byTime != 0)
        {
            return byTime;
        }

        var byName = string.CompareOrdinal(Name, other.Name);
        return byName != 0 ? byName : string.CompareOrdinal(Namespace, other.Namespace);
    }

    public static bool operator <(CreationOrder left, CreationOrder right) => left.CompareTo(right) < 0;

    public static bool operator >(CreationOrder left, CreationOrder right) => left.CompareTo(right) > 0;

    public static bool operator <=(CreationOrder left, CreationOrder right) => left.CompareTo(right) <= 0;

    public static bool operator >=(CreationOrder left, CreationOrder right) => left.CompareTo(right) >= 0;
}
