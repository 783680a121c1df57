namespace MeshInfra.Live;

/// <summary>
/// Where a cluster's kubeconfig comes from, resolved as kubectl resolves it: <c>--kubeconfig</c>
/// first (one file, which must exist), then the stack's <c>clusters[].kubeconfig</c> (a path, or
/// the contents themselves as the Pulumi provider accepts), then <c>KUBECONFIG</c> (a list joined
/// by the OS path separator; files that do not exist are skipped; the rest are merged, the first
/// file that sets a name wins), then <c>~/.kube/config</c>. A kubeconfig the stack gives as a Pulumi
/// secret is not readable here: then only <c>--kubeconfig</c> or <c>KUBECONFIG</c> supply it.
/// </summary>
/// <param name="Files">The files to merge, in order.</param>
/// <param name="Contents">A kubeconfig given inline by the stack, or null.</param>
/// <param name="Origin">How the source is named in messages: "--kubeconfig /x", "KUBECONFIG", "~/.kube/config".</param>
/// <param name="Problem">Why no kubeconfig can be read, or null.</param>
public sealed record KubeconfigSource(IReadOnlyList<string> Files, string? Contents, string Origin, string? Problem)
{
    public static KubeconfigSource Resolve(string? flag, string? stackKubeconfig, string? environment, string? home, string? secretKubeconfigKey = null)
    {
        if (!string.IsNullOrEmpty(flag))
        {
            return Single(flag, $"--kubeconfig {flag}");
        }

        if (secretKubeconfigKey is not null && string.IsNullOrEmpty(environment))
        {
            // The stack names its kubeconfig, as a secret: ~/.kube/config would be a guess at another cluster.
            return new KubeconfigSource([], null, $"the stack's {secretKubeconfigKey}", $"the stack's {secretKubeconfigKey} is a Pulumi secret, which meshinfra never decrypts");
        }

        if (!string.IsNullOrEmpty(stackKubeconfig))
        {
            // Contents span lines (or are JSON); a path is one line.
            return stackKubeconfig.Contains('\n', StringComparison.Ordinal) || stackKubeconfig.TrimStart().StartsWith('{')
                ? new KubeconfigSource([], stackKubeconfig, "the stack's clusters[].kubeconfig (inline)", null)
                : Single(stackKubeconfig, $"the stack's clusters[].kubeconfig {stackKubeconfig}");
        }

        if (!string.IsNullOrEmpty(environment))
        {
            var listed = environment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            var present = listed.Where(File.Exists).Distinct(StringComparer.Ordinal).ToList();
            return present.Count > 0
                ? new KubeconfigSource(present, null, "KUBECONFIG", null)
                : new KubeconfigSource([], null, "KUBECONFIG", $"none of the files KUBECONFIG lists exists ({string.Join(", ", listed)})");
        }

        if (string.IsNullOrEmpty(home))
        {
            return new KubeconfigSource([], null, "~/.kube/config", "no --kubeconfig, no KUBECONFIG and no home folder to find ~/.kube/config in");
        }

        return Single(Path.Combine(home, ".kube", "config"), "~/.kube/config");
    }

    private static KubeconfigSource Single(string path, string origin) => File.Exists(path)
        ? new KubeconfigSource([path], null, origin, null)
        : new KubeconfigSource([], null, origin, $"kubeconfig {path} does not exist");

    /// <summary>A key that is the same for clusters that read the same kubeconfig, so it is loaded once.</summary>
    public string CacheKey => Contents ?? string.Join('\n', Files);
}
