using MeshInfra.Model;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// The lines of <c>apply.sh</c>'s last step that find the Helm releases the stack no longer has, and
/// decide whether this run may remove anything. <c>pulumi up</c> deletes at the end of one run over every
/// cluster; by hand each cluster runs its own script, so an old east-west gateway that other clusters
/// still dial (their scripts have not run yet) keeps this run from removing anything, as Pulumi would
/// not have deleted it yet either.
/// </summary>
internal static class RemovalStep
{
    /// <summary>The variable holding <c>namespace release</c> lines, in the order they are uninstalled.</summary>
    public const string Gone = "gone";

    /// <summary>
    /// One <c>helm list</c> per lookup; each release found that the stack does not keep goes into
    /// <see cref="Gone"/> only if its values carry <see cref="ReleaseMarker"/>; one without it (someone
    /// else's, or MeshInfra's from before the marker) is left in place with one line saying so and how
    /// to remove it. Listed and read before anything is removed, so a failing helm stops the script
    /// first (set -e does not see into a for list, nor into a function called as a condition: both
    /// stop explicitly).
    /// </summary>
    public static IEnumerable<string> FindReleases(IReadOnlyList<ReleaseLookup> lookups, string helmContext)
    {
        yield return $"# Uninstalled: {ReleaseMarker.Rule}.";
        yield return "# One of MeshInfra's names without it is someone else's, or one an older MeshInfra installed (before the";
        yield return "# marker) that the stack dropped before this version upgraded it: it is left in place, with a line saying so.";
        yield return "owned() {";
        yield return "  local values";
        yield return $"  values=\"$(helm get values \"$2\" --namespace \"$1\" {helmContext} -o json)\" \\";
        yield return "    || { echo \"apply.sh: could not read the values of Helm release $1/$2; nothing was removed\" >&2; exit 1; }";
        // grep without -q reads all its input, so printf never meets a closed pipe (pipefail).
        yield return $"  printf '%s\\n' \"$values\" | grep -E {SingleQuoted(ReleaseMarker.JsonPattern)} >/dev/null";
        yield return "}";
        // printf, not echo: the remedy names the kube context as the script passes it (quoted words), printed as is.
        yield return "left() {";
        yield return $"  printf 'apply.sh: leaving Helm release %s/%s in place: the stack no longer has it, but its values lack the MeshInfra marker ({ReleaseMarker.Key}: {ReleaseMarker.Value}), so it may belong to someone else; if MeshInfra installed it (before the marker existed), uninstall it yourself: helm uninstall %s --namespace %s %s\\n' \"$1\" \"$2\" \"$2\" \"$1\" {SingleQuoted(helmContext)} >&2";
        yield return "}";
        yield return $"{Gone}=\"\"";
        foreach (var lookup in lookups)
        {
            var ns = ShellWords.Quote(lookup.Namespace);
            var decide = $"if owned {ns} \"$release\"; then {Gone}+={ns}\" $release\"$'\\n'; else left {ns} \"$release\"; fi";
            yield return $"found=\"$(helm list --namespace {ns} {helmContext} --short --filter {SingleQuoted(lookup.Pattern)})\"";
            if (lookup.Kept.Count == 0)
            {
                yield return $"for release in $found; do {decide}; done";
                continue;
            }

            yield return "for release in $found; do";
            yield return "  case \"$release\" in";
            yield return $"    {string.Join("|", lookup.Kept.Select(ShellWords.Quote))}) ;;";
            yield return $"    *) {decide} ;;";
            yield return "  esac";
            yield return "done";
        }
    }

    /// <summary>
    /// Sets <c>dialled</c> to why the old east-west gateway must stay: another cluster's ServiceEntries
    /// (this stack's, by its labels) give this cluster an endpoint this render does not, or the cluster
    /// could not be read. Checked only when an old east-west gateway is among the releases going.
    /// </summary>
    public static IEnumerable<string> CheckEastWestDial(EastWestDial dial)
    {
        var jsonPath = $"{{range .items[*].spec.endpoints[?(@.labels.{IstioLabels.ClusterLabel}==\"{dial.Cluster}\")]}}{{.address}}{{\" \"}}{{.ports.*}}{{\"\\n\"}}{{end}}";
        yield return "dialled=\"\"";
        yield return $"if printf '%s' \"${Gone}\" | grep -x '[^ ]* {IstioLabels.EastWestGatewayName}' >/dev/null; then";
        foreach (var (name, kubectl, expected) in dial.Dialers)
        {
            // The first port is enough: an endpoint dials one port (15443, or the NodePort) under every port name.
            yield return $"  if live=\"$({kubectl} get serviceentries.networking.istio.io --all-namespaces -l \"$selector\" -o jsonpath={SingleQuoted(jsonPath)} | awk 'NF {{ print $1, $2 }}' | sort -u)\"; then";
            yield return $"    expected=\"$(printf '%s\\n'{string.Concat(expected.Select(e => " " + SingleQuoted(e)))})\"";
            yield return "    while read -r endpoint; do";
            yield return "      if [[ -n \"$endpoint\" ]] && ! printf '%s\\n' \"$expected\" | grep -xF \"$endpoint\" >/dev/null; then";
            yield return $"        dialled+=\"{name} dials $endpoint; \"";
            yield return "      fi";
            yield return "    done < <(printf '%s\\n' \"$live\")";
            yield return "  else";
            yield return $"    dialled+=\"{name} could not be read; \"";
            yield return "  fi";
        }

        yield return "fi";
    }

    private static string SingleQuoted(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
