using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Doctor;

/// <summary>Istio's host names as its config uses them: short names qualified, wildcards matched by suffix.</summary>
internal static class IstioHost
{
    /// <summary>
    /// A VirtualService or DestinationRule host as istiod resolves it: a name without a dot is a
    /// Kubernetes Service of the object's namespace (pilot/pkg/model/config.go, ResolveShortnameToFQDN).
    /// </summary>
    public static string Qualify(string host, string ns) =>
        host.Contains('.', StringComparison.Ordinal) || host == "*" ? host : $"{host}.{ns}{IstioNames.ClusterLocalSuffix}";

    public static bool IsWildcard(string host) => host.StartsWith('*');

    /// <summary>True when <paramref name="pattern"/> (exact, <c>*</c> or <c>*.suffix</c>) covers <paramref name="host"/> (host.Name.Matches).</summary>
    public static bool Covers(string pattern, string host) =>
        pattern == host || pattern == "*" || (pattern.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(pattern[1..], StringComparison.Ordinal));

    /// <summary>Who sees an object with this exportTo (null: everyone; empty: no one; else those namespaces).</summary>
    public static HashSet<string>? Visibility(IReadOnlyList<string> exportTo, string ns)
    {
        if (exportTo.Count == 0 || exportTo.Contains("*"))
        {
            return null;
        }

        return exportTo.Contains("~") ? [] : exportTo.Select(e => e == "." ? ns : e).ToHashSet(StringComparer.Ordinal);
    }
}
