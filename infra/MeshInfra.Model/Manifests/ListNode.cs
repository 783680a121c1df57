using System.Collections.Immutable;

namespace MeshInfra.Model.Manifests;

public sealed record ListNode(ImmutableArray<ManifestNode> Items) : ManifestNode
{
    public static readonly ListNode Empty = new(ImmutableArray<ManifestNode>.Empty);

    public static ListNode Of(params ManifestNode[] items) => new(items.ToImmutableArray());

    public static ListNode From(IEnumerable<ManifestNode> items) => new(items.ToImmutableArray());

    public bool Equals(ListNode? other) => other is not null && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => Items.Aggregate(0, HashCode.Combine);
}
