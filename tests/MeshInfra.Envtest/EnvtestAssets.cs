namespace MeshInfra.Envtest;

/// <summary>
/// The envtest binaries, found the way controller-runtime's envtest finds them: the folder named by
/// <c>KUBEBUILDER_ASSETS</c> holds <c>kube-apiserver</c>, <c>etcd</c> and <c>kubectl</c>.
/// </summary>
public sealed record EnvtestAssets(string Folder)
{
    /// <summary>The environment variable the ecosystem uses (setup-envtest prints it).</summary>
    public const string Variable = "KUBEBUILDER_ASSETS";

    private static readonly string[] Binaries = ["kube-apiserver", "etcd", "kubectl"];

    public string KubeApiServer => Path.Combine(Folder, "kube-apiserver");

    public string Etcd => Path.Combine(Folder, "etcd");

    public string Kubectl => Path.Combine(Folder, "kubectl");

    /// <summary>
    /// Why envtest tests cannot run here, or null when they can. One line, so a skipped test says
    /// exactly what to set.
    /// </summary>
    public static string? SkipReason()
    {
        var folder = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(folder))
        {
            return $"{Variable} is not set: point it at a folder holding kube-apiserver, etcd and kubectl "
                + "(setup-envtest use 1.32 -p path, or .ci/run unpacks ../shared/envtest) to run tests against real API servers";
        }

        var missing = Binaries.Where(b => !File.Exists(Path.Combine(folder, b))).ToArray();
        return missing.Length == 0
            ? null
            : $"{Variable}={folder} does not hold {string.Join(", ", missing)}: unpack the envtest binaries there";
    }

    /// <summary>The assets, or an exception naming what is missing (a fixture calls this only when tests run).</summary>
    public static EnvtestAssets Require()
    {
        var reason = SkipReason();
        if (reason is not null)
        {
            throw new InvalidOperationException(reason);
        }

        return new EnvtestAssets(Environment.GetEnvironmentVariable(Variable)!);
    }
}
