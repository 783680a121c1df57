using System.Collections.Immutable;

namespace MeshInfra.Model.Manifests;

/// <summary>The metadata MeshInfra sets on an object: name, namespace (null for cluster-scoped), labels, annotations.</summary>
public sealed record ObjectMeta(
    string Name,
    string? Namespace,
    ImmutableSortedDictionary<string, string> Labels,
    ImmutableSortedDictionary<string, string> Annotations)
{
    // Create with a comparer returns a new empty map each time; one shared (immutable) instance will do.
    private static readonly ImmutableSortedDictionary<string, string> None = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    public static ObjectMeta Named(string name, string? ns = null) => new(name, ns, None, None);

    public ObjectMeta WithLabel(string key, string value) => this with { Labels = Labels.SetItem(key, value) };

    public ObjectMeta WithAnnotation(string key, string value) => this with { Annotations = Annotations.SetItem(key, value) };

    public MapNode ToNode() => MapNode.Of(
        ("name", Name),
        ("namespace", Namespace),
        ("labels", Labels.Count == 0 ? null : MapNode.OfStrings(Labels)),
        ("annotations", Annotations.Count == 0 ? null : MapNode.OfStrings(Annotations)));

    public bool Equals(ObjectMeta? other) =>
        other is not null && Name == other.Name && Namespace == other.Namespace
        && Labels.SequenceEqual(other.Labels) && Annotations.SequenceEqual(other.Annotations);

    public override int GetHashCode() => HashCode.Combine(Name, Namespace, Labels.Count, Annotations.Count);
}
