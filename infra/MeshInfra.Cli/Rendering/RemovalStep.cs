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
    /// One <c>helm list</c> per lookup, each into <see cref="Gone"/> unless the stack keeps it. Listed
    /// before anything is removed, so a failing helm list stops the script first (set -e does not see
    /// into a for list).
    /// </summary>
    public static IEnumerable<string> FindReleases(IReadOnlyList<ReleaseLookup> lookups, string helmContext)
    {
        yield return $"{Gone}=\"\"";
        foreach (var lookup in lookups)
        {
            var ns = ShellWords.Quote(lookup.Namespace);
            yield return $"found=\"$(helm list --namespace {ns} {helmContext} --short --filter {SingleQuoted(lookup.Pattern)})\"";
            if (lookup.Kept.Count == 0)
            {
                yield return $"for release in $found; do {Gone}+={ns}\" $release\"$'\\n'; done";
                continue;
            }

            yield return "for release in $found; do";
            yield return "  case \"$release\" in";
            yield return $"    {string.Join("|", lookup.Kept.Select(ShellWords.Quote))}) ;;";
            yield return $"    *) {Gone}+={ns}\" $release\"$'\\n' ;;";
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
