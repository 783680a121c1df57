namespace MeshInfra.Model.Planning;

/// <summary>What a change of config does to one planned resource.</summary>
public enum ChangeKind
{
    Added,
    Changed,
    Removed,

    /// <summary>
    /// The plan starts patching an object that already exists and that MeshInfra does not own (the
    /// handover's deactivation of the old injector, the <c>default</c> namespace's labels): a change to
    /// that object, not a new one.
    /// </summary>
    Patched,
}
