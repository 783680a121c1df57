using System.Collections.Concurrent;
using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using MeshInfra.Model.Doctor;

namespace MeshInfra.Live;

/// <summary>
/// Turns a <see cref="ClusterTarget"/> into a connection: the kubeconfig as kubectl resolves it,
/// the context checked by name, then the official client built from it (exec credential plugins
/// and client certificates are the client's). A kubeconfig is loaded once for all clusters that
/// share it. Every fault is one <c>unreachable</c> finding, never an exception.
/// </summary>
public sealed class ClusterConnector(string? kubeconfigFlag, string? environmentKubeconfig, string? home)
{
    private readonly ConcurrentDictionary<string, Lazy<(K8SConfiguration? Config, string? Problem)>> loaded = new(StringComparer.Ordinal);

    /// <summary>A connector reading KUBECONFIG and the home folder from this process's environment.</summary>
    public static ClusterConnector FromEnvironment(string? kubeconfigFlag) => new(
        kubeconfigFlag,
        Environment.GetEnvironmentVariable("KUBECONFIG"),
        Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    public (IClusterApi? Api, DoctorFinding? Fault) Connect(ClusterTarget target)
    {
        var source = KubeconfigSource.Resolve(kubeconfigFlag, target.StackKubeconfig, environmentKubeconfig, home, target.SecretKubeconfigKey);
        if (source.Problem is { } problem)
        {
            return (null, ReadFaults.Kubeconfig(target, problem, target.SecretKubeconfigKey is { } key
                ? $"write it to a file outside the repository (pulumi config get --path '{key}' > FILE) and pass --kubeconfig FILE, or set KUBECONFIG=FILE"
                : "pass --kubeconfig PATH, set KUBECONFIG, or create ~/.kube/config (kubectl config view shows what kubectl reads)"));
        }

        var (config, loadProblem) = loaded.GetOrAdd(source.CacheKey, _ => new(() => Load(source))).Value;
        if (config is null)
        {
            return (null, ReadFaults.Kubeconfig(target, loadProblem!, $"fix {source.Origin} so that kubectl config view reads it"));
        }

        var contexts = (config.Contexts ?? []).Select(c => c.Name).Where(n => n is not null).Order(StringComparer.Ordinal).ToList();
        if (!contexts.Contains(target.Context, StringComparer.Ordinal))
        {
            var known = contexts.Count == 0 ? "it has no contexts" : $"it has {string.Join(", ", contexts)}";
            return (null, ReadFaults.Kubeconfig(
                target,
                $"context '{target.Context}' is not in {source.Origin} ({known})",
                $"pass --context {target.Cluster}=CONTEXT with one of those, or set clusters[].context of {target.Cluster} in the stack"));
        }

        try
        {
            var configuration = KubernetesClientConfiguration.BuildConfigFromConfigObject(config, target.Context);
            return (new KubernetesApi(configuration), null);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or FormatException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            var reason = e.Message.ReplaceLineEndings(" ").Trim();
            var user = config.Contexts?.FirstOrDefault(c => c.Name == target.Context)?.ContextDetails?.User;
            var exec = config.Users?.FirstOrDefault(u => u.Name == user)?.UserCredentials?.ExternalExecution;
            // The client runs an exec credential plugin while it builds the configuration.
            return (null, exec is not null
                ? ReadFaults.Kubeconfig(
                    target,
                    $"context '{target.Context}': its exec credential plugin ({exec.Command}) failed: {reason}",
                    "run the plugin by hand (or log in again, e.g. gcloud auth login or aws sso login) and fix what it reports")
                : ReadFaults.Kubeconfig(
                    target,
                    $"context '{target.Context}' in {source.Origin} cannot be used: {reason}",
                    "fix the context's cluster and user entries (server, certificate-authority, client certificate) so that kubectl --context works"));
        }
    }

    private static (K8SConfiguration? Config, string? Problem) Load(KubeconfigSource source)
    {
        try
        {
            if (source.Contents is { } contents)
            {
                using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(contents));
                return (KubernetesClientConfiguration.LoadKubeConfig(stream), null);
            }

            return (KubeconfigMerge.Load(source.Files), null);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or ArgumentException or InvalidOperationException)
        {
            return (null, $"{source.Origin} cannot be read: {e.Message.ReplaceLineEndings(" ").Trim()}");
        }
    }
}
