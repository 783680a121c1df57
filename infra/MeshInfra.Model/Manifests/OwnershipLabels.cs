namespace MeshInfra.Model.Manifests;

/// <summary>
/// The label that says MeshInfra owns an object, in its one spelling: the kubectl layout prunes by it and
/// the revision tag webhook carries it, so a selector written in one place finds what the other labelled.
/// </summary>
public static class OwnershipLabels
{
    /// <summary>The Kubernetes recommended label for the tool that manages an object.</summary>
    public const string ManagedByKey = "app.kubernetes.io/managed-by";

    public const string ManagedBy = "meshinfra";
}
