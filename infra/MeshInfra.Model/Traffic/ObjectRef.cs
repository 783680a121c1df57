namespace MeshInfra.Model.Traffic;

/// <summary>The object that decided a hop: its cluster, kind, namespace and name.</summary>
public sealed record ObjectRef(string Cluster, string Kind, string? Namespace, string Name)
{
    public override string ToString() => Namespace is null ? $"{Cluster} {Kind} {Name}" : $"{Cluster} {Kind} {Namespace}/{Name}";
}
