namespace MeshInfra.Model.Planning;

/// <summary>
/// One place the kubectl layout's <c>apply.sh</c> looks for a Helm release the stack no longer has:
/// the releases in <see cref="Namespace"/> whose names match <see cref="Pattern"/> (an extended regular
/// expression, as <c>helm list --filter</c> takes it), of which those in <see cref="Kept"/> are the
/// stack's own and stay; every other match is a candidate. The script has no state: it looks only under
/// names MeshInfra gives its releases, only in namespaces where MeshInfra has put them, and uninstalls a
/// candidate only if its values carry <see cref="Istio.ReleaseMarker"/>.
/// </summary>
public sealed record ReleaseLookup(string Namespace, string Pattern, string Chart, IReadOnlyList<string> Kept)
{
    /// <summary>Whether a release of this name in this namespace is one the lookup finds as dropped (uninstalled if it carries the marker).</summary>
    public bool Uninstalls(string ns, string release) =>
        ns == Namespace && !Kept.Contains(release, StringComparer.Ordinal)
        && System.Text.RegularExpressions.Regex.IsMatch(release, Pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
}
