using k8s;
using k8s.KubeConfigModels;

namespace MeshInfra.Live;

/// <summary>
/// Merges the files KUBECONFIG lists the way kubectl does (client-go's loading rules): for each
/// cluster, user and context name the first file that defines it wins, and so does the first
/// current-context. Each file's relative paths stay relative to that file.
/// </summary>
internal static class KubeconfigMerge
{
    public static K8SConfiguration Load(IReadOnlyList<string> files)
    {
        var merged = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(files[0]), useRelativePaths: true);
        foreach (var file in files.Skip(1))
        {
            var next = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(file), useRelativePaths: true);
            merged.CurrentContext ??= next.CurrentContext;
            merged.Clusters = FirstWins(merged.Clusters, next.Clusters, c => c.Name);
            merged.Users = FirstWins(merged.Users, next.Users, u => u.Name);
            merged.Contexts = FirstWins(merged.Contexts, next.Contexts, c => c.Name);
        }

        return merged;
    }

    private static List<T> FirstWins<T>(IEnumerable<T>? first, IEnumerable<T>? second, Func<T, string?> name)
    {
        var result = (first ?? []).ToList();
        var names = result.Select(name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        result.AddRange((second ?? []).Where(item => name(item) is { } n && names.Add(n)));
        return result;
    }
}
