namespace MeshInfra.Model.Istio;

/// <summary>
/// Where Istio's charts and images come from, and how a chart source becomes a Helm chart
/// reference. Istio stops serving from Google Cloud in December 2026 (reference/istio-1.31/FACTS.md):
/// 1.30 is the last line published there and 1.31 never was.
/// </summary>
public static class IstioSources
{
    /// <summary>
    /// OCI rather than the https repository: a Helm release resolves an https repository by
    /// downloading its whole index.yaml (every chart version Istio ever published) on every preview
    /// and update, while an OCI reference fetches only the tagged chart; and an OCI registry mirrors
    /// with the same tools as the images.
    /// </summary>
    public const string DefaultChartRepository = "oci://ghcr.io/istio/release/charts";

    /// <summary>The same charts as a classic Helm repository, for networks that cannot reach ghcr.io.</summary>
    public const string HttpsChartRepository = "https://blob.istio.io/istio-release/charts";

    public const string DefaultHub = "docker.io/istio";

    public static bool IsOci(string repository) => repository.StartsWith("oci://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What Helm installs: for OCI the full chart reference (<c>oci://…/charts/istiod</c>, with no
    /// repository URL, as Helm and the Pulumi provider expect); for https the bare chart name, which
    /// the repository URL resolves.
    /// </summary>
    public static string ChartReference(string repository, string chart) =>
        IsOci(repository) ? $"{repository.TrimEnd('/')}/{chart}" : chart;

    /// <summary>The repository URL Helm resolves the chart name against; none for OCI.</summary>
    public static string? RepositoryUrl(string repository) => IsOci(repository) ? null : repository;

    /// <summary>A chart source on Google Cloud Storage, which Istio retires (istio-release.storage.googleapis.com and kin).</summary>
    public static bool IsRetiredChartRepository(string repository) =>
        Uri.TryCreate(repository, UriKind.Absolute, out var uri)
        && (uri.Host.Equals("storage.googleapis.com", StringComparison.OrdinalIgnoreCase)
            || uri.Host.EndsWith(".storage.googleapis.com", StringComparison.OrdinalIgnoreCase)
            || IsRetiredRegistryPath($"{uri.Host}{uri.AbsolutePath}"));

    /// <summary>An image hub on Istio's Google registries (gcr.io/istio-release, registry.istio.io/release).</summary>
    public static bool IsRetiredHub(string hub) => IsRetiredRegistryPath(hub);

    private static bool IsRetiredRegistryPath(string path) =>
        path.StartsWith("gcr.io/istio-release", StringComparison.OrdinalIgnoreCase)
        || path.StartsWith("registry.istio.io/release", StringComparison.OrdinalIgnoreCase);
}
