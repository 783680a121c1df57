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
        return $"kubectl --context {context} get --raw /version | grep -Eq '\"minor\": *\"({minors})\\+?\"' "
            + $"&& echo '{context}: Kubernetes {range}, supported by Istio {istioVersion}' "
            + $"|| {{ kubectl --context {context} version; echo '{context}: Istio {istioVersion} supports Kubernetes {range} only'; }}";
    }
}
