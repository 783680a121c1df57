using System.Text.RegularExpressions;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The locality a cluster's client pods have, as their nodes' topology labels give it
/// (<c>region[/zone[/subzone]]</c>), given for trace and verify when it differs from the stack's
/// labels: Istio reads a client's locality from its node, which the stack cannot see.
/// Validated where it is built, so the CLI and tests get the same checks and the same text.
/// </summary>
public sealed partial record ClientLocality(string Cluster, string Locality)
{
    public const string Flag = "--client-locality";

    /// <summary>Parses <c>CLUSTER=REGION[/ZONE[/SUBZONE]]</c> for a cluster of the mesh; the error names the flag and the fix.</summary>
    public static ClientLocality Parse(string text, IReadOnlyCollection<string> clusters)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var cluster = equals > 0 ? text[..equals] : "";
        var locality = equals > 0 ? text[(equals + 1)..] : "";
        var shown = text.Length > 80 ? text[..80] + "…" : text;
        if (cluster.Length == 0 || !Part().IsMatch(cluster) || locality.Split('/') is not { Length: >= 1 and <= 3 } parts || !parts.All(p => Part().IsMatch(p)))
        {
            throw new ArgumentException($"{Flag} '{shown}': expected CLUSTER=REGION[/ZONE[/SUBZONE]] as the cluster's nodes carry them in topology.kubernetes.io/region and zone, e.g. {Flag} cluster1=eu-west-1/eu-west-1a");
        }

        if (!clusters.Contains(cluster))
        {
            throw new ArgumentException($"{Flag} '{shown}': no cluster '{cluster}' in the stack (clusters: {string.Join(", ", clusters.Order(StringComparer.Ordinal))})");
        }

        return new ClientLocality(cluster, locality);
    }

    /// <summary>A label value as Kubernetes allows it: letters, digits, '-', '_' and '.', at most 63 characters.</summary>
    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
