using System.Globalization;

namespace MeshInfra.Model.Istio;

/// <summary>
/// A command that checks one kubeconfig context's API server against the Kubernetes range Istio
/// supports, so a too-old (or too-new) cluster shows up before istiod fails on it. It reads the
/// server's /version (kubectl version also prints the client's, which says nothing about the
/// cluster); managed clusters report minors such as "33+", which the pattern allows.
/// </summary>
public static class KubernetesVersionCheck
{
    public static string Command(string context, string istioVersion)
    {
        var minors = string.Join("|", Enumerable.Range(IstioVersions.MinKubernetesMinor, IstioVersions.MaxKubernetesMinor - IstioVersions.MinKubernetesMinor + 1)
            .Select(m => m.ToString(CultureInfo.InvariantCulture)));
        var range = IstioVersions.KubernetesRange;
        // The context is config: quoted as one word everywhere it appears, so a context holding a quote or
        // a space cannot end the word and run as code when a person pastes the command.
        var word = ShellWords.Quote(context);
        var supported = ShellWords.Quote($"{context}: Kubernetes {range}, supported by Istio {istioVersion}");
        var unsupported = ShellWords.Quote($"{context}: Istio {istioVersion} supports Kubernetes {range} only");
        return $"kubectl --context {word} get --raw /version | grep -Eq '\"minor\": *\"({minors})\\+?\"' "
            + $"&& echo {supported} "
            + $"|| {{ kubectl --context {word} version; echo {unsupported}; }}";
    }
}
