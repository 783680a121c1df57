using MeshInfra.Model.Config;

namespace MeshInfra.Model.Planning;

/// <summary>
/// What changes in the clusters' providers between two stacks: the kubeconfig context and file every
/// resource of a cluster is deployed through. No planned resource holds them, so a plan diff alone
/// would show a context pointed at another cluster as "no changes". An inline kubeconfig holds
/// credentials and is never shown, only whether it changed; a secret one, whether it was set again.
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

            if (old.SecretKubeconfig is { } oldSecret && cluster.SecretKubeconfig is { } newSecret)
            {
                // Only the ciphertexts can be compared: a new one means `config set --secret` ran again.
                if (oldSecret.Ciphertext != newSecret.Ciphertext)
                {
                    lines.Add($"cluster {cluster.Name}: kubeconfig (a Pulumi secret) set again: its ciphertext differs, the value is not shown (and may be the same)");
                }
            }
            else if (old.Kubeconfig != cluster.Kubeconfig || (old.SecretKubeconfig is null) != (cluster.SecretKubeconfig is null))
            {
                lines.Add($"cluster {cluster.Name}: kubeconfig {Describe(old)} -> {Describe(cluster)}");
            }
        }

        return lines;
    }

    private static string Describe(ClusterSpec cluster) => cluster.Kubeconfig switch
    {
        null when cluster.SecretKubeconfig is not null => "(a Pulumi secret, not shown)",
        null => "(the ambient kubeconfig)",
        // Contents span lines, or are JSON (which the provider also takes on one line).
        var inline when inline.Contains('\n', StringComparison.Ordinal) || inline.TrimStart().StartsWith('{') => "(inline, not shown)",
        var path => Quoted(path),
    };

    // Validated config holds no control character; quoting shows spaces and the value's ends.
    private static string Quoted(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
