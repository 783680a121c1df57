using MeshInfra.Model.Config;

namespace MeshInfra.Model.Planning;

/// <summary>
/// What changes in the clusters' providers between two stacks: the kubeconfig context and file every
/// resource of a cluster is deployed through. No planned resource holds them, so a plan diff alone
/// would show a context pointed at another cluster as "no changes". An inline kubeconfig holds
/// credentials and is never shown, only whether it changed.
/// </summary>
public static class ProviderChanges
{
    public static IReadOnlyList<string> Between(MeshSpec before, MeshSpec after)
    {
        var lines = new List<string>();
        foreach (var cluster in after.Clusters)
        {
            if (before.Clusters.FirstOrDefault(c => c.Name == cluster.Name) is not { } old)
            {
                continue;
            }

            if (old.Context != cluster.Context)
            {
                lines.Add($"cluster {cluster.Name}: context {Quoted(old.Context)} -> {Quoted(cluster.Context)}");
            }

            if (old.Kubeconfig != cluster.Kubeconfig)
            {
                lines.Add($"cluster {cluster.Name}: kubeconfig {Describe(old.Kubeconfig)} -> {Describe(cluster.Kubeconfig)}");
            }
        }

        return lines;
    }

    private static string Describe(string? kubeconfig) => kubeconfig switch
    {
        null => "(the ambient kubeconfig)",
        _ when kubeconfig.Contains('\n', StringComparison.Ordinal) => "(inline, not shown)",
        _ => Quoted(kubeconfig),
    };

    // Validated config holds no control character; quoting shows spaces and the value's ends.
    private static string Quoted(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
