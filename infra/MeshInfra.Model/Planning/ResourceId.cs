namespace MeshInfra.Model.Planning;

/// <summary>
/// A planned resource's identity: its scope (a cluster name, or <see cref="MeshScope"/> for the
/// shared trust) and a name unique in that scope. It is also the Pulumi resource name's stem.
/// </summary>
public sealed record ResourceId(string Scope, string Name) : IComparable<ResourceId>
{
    public const string MeshScope = "mesh";

    public int CompareTo(ResourceId? other) =>
        other is null ? 1 : string.CompareOrdinal(ToString(), other.ToString());

    public override string ToString() => $"{Scope}:{Name}";
}
