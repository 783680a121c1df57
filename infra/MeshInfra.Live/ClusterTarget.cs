namespace MeshInfra.Live;

/// <summary>
/// One stack cluster to read: its name in the stack, the kubeconfig context to read it through
/// (the stack's <c>clusters[].context</c>, or a <c>--context CLUSTER=CONTEXT</c> override), and the
/// stack's <c>clusters[].kubeconfig</c> (a path or a kubeconfig's contents) when it gives one.
/// </summary>
public sealed record ClusterTarget(string Cluster, string Context, string? StackKubeconfig)
{
    /// <summary>
    /// The stack key of the cluster's kubeconfig when the stack gives it as a Pulumi secret
    /// (<c>mesh.clusters[1].kubeconfig</c>), which doctor cannot decrypt; null otherwise.
    /// </summary>
    public string? SecretKubeconfigKey { get; init; }
}
