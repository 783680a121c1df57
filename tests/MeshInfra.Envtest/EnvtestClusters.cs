namespace MeshInfra.Envtest;

/// <summary>
/// Two real API servers ("clusters") with Istio's CRDs installed, started once per test collection.
/// Use it as a collection fixture: in the test project,
/// <code>
/// [CollectionDefinition(EnvtestClusters.Collection)]
/// public sealed class EnvtestCollection : ICollectionFixture&lt;EnvtestClusters&gt;;
/// </code>
/// and mark tests <see cref="EnvtestFactAttribute"/>, so they count as skipped without
/// KUBEBUILDER_ASSETS. Without the binaries the fixture starts nothing.
/// A test that changes a cluster puts it back (or works in its own namespace), since the
/// collection shares the servers.
/// </summary>
public class EnvtestClusters : IAsyncLifetime
{
    /// <summary>The collection name tests use with [Collection].</summary>
    public const string Collection = "envtest clusters";

    private readonly List<ApiServer> _servers = [];

    /// <summary>The servers' names, also their contexts in <see cref="Kubeconfig"/>.</summary>
    protected virtual IReadOnlyList<string> ServerNames => ["envtest-a", "envtest-b"];

    /// <summary>The shared/reference release folder whose crd-all.gen.yaml is installed; null installs none.</summary>
    protected virtual string? IstioRelease => SharedReference.NewestIstioRelease();

    /// <summary>The temporary folder holding every server's data; removed on dispose.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "meshinfra-envtest-" + Guid.NewGuid().ToString("N")[..12]);

    public IReadOnlyList<ApiServer> Servers => _servers;

    /// <summary>A kubeconfig with one admin context per server, named as the server is.</summary>
    public string KubeconfigPath => Path.Combine(Root, "clusters.kubeconfig");

    /// <summary>How long starting the servers and installing the CRDs took, for the report.</summary>
    public TimeSpan StartTime { get; private set; }

    public ApiServer this[string name] => _servers.Find(s => s.Name == name)
        ?? throw new ArgumentException($"no envtest server named {name}", nameof(name));

    public virtual async Task InitializeAsync()
    {
        if (EnvtestAssets.SkipReason() is not null)
        {
            return;
        }

        var assets = EnvtestAssets.Require();
        var started = System.Diagnostics.Stopwatch.StartNew();
        Directory.CreateDirectory(Root);
        var starting = ServerNames.Select(name => ApiServer.StartAsync(assets, name, Root)).ToArray();
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            foreach (var task in starting.Where(t => t.IsCompletedSuccessfully))
            {
                _servers.Add(task.Result);
            }
        }

        if (IstioRelease is { } release)
        {
            var crds = SharedReference.IstioCrds(release);
            await Task.WhenAll(_servers.Select(s => s.InstallCrdsAsync(crds)));
        }

        Kubeconfig.Write(KubeconfigPath, _servers.Select(s => new KubeconfigContext(s.Name, s, s.AdminToken)).ToList());
        StartTime = started.Elapsed;
    }

    public virtual async Task DisposeAsync()
    {
        await Task.WhenAll(_servers.Select(s => s.DisposeAsync().AsTask()));
        _servers.Clear();
        try
        {
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }
}
