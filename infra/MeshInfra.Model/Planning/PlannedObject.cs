using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Planning;

public sealed record PlannedObject(ResourceId Id, KubeObject Object) : PlannedResource(Id)
{
    /// <summary>
    /// True for objects that already exist in every cluster (the default namespace): the deploy
    /// patches MeshInfra's fields onto them instead of creating them, and leaves them on destroy.
    /// </summary>
    public bool IsPatch { get; init; }

    public override string Describe() => $"{Object.Kind} {(Object.Metadata.Namespace is { } ns ? ns + "/" : "")}{Object.Metadata.Name}";
}
