namespace MeshInfra.Live;

/// <summary>How doctor reads: the per-cluster deadline, how many clusters at once, the list page size.</summary>
public sealed record LiveReadOptions(TimeSpan Timeout)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Clusters read at the same time: enough to hide latency, few enough not to flood a laptop's connections.</summary>
    public int Parallelism { get; init; } = 8;

    public int PageSize { get; init; } = ClusterReader.DefaultPageSize;

    /// <summary>The namespace whose cacerts Secret is read (Istio's root namespace).</summary>
    public string IstioNamespace { get; init; } = "istio-system";
}
