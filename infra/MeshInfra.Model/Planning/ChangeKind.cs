namespace MeshInfra.Model.Planning;

/// <summary>What a change of config does to one planned resource.</summary>
public enum ChangeKind
{
    Added,
    Changed,
    Removed,
}
