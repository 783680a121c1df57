using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Planning;

/// <summary>
/// The Helm releases a stack no longer has, in the order both deploy paths remove them, and where the
/// kubectl layout looks for them. A release is its namespace and name: a gateway that moves namespace
/// (<c>gateway.namespace</c>) is a new release beside the old one, which goes last.
/// <para>
/// <c>pulumi up</c> deletes what the stack no longer declares after every create and update of the run,
/// dependents first (a gateway release depends on the istiod that injects it, so gateways go before
/// istiod); a moved gateway is a replacement, created before the old one is deleted (Pulumi's default).
/// The base release is retained on delete and never uninstalled. <c>apply.sh</c> has no state: it finds
/// the releases by <see cref="KubectlLookups"/> and removes them at its end in the same order, each only
/// if its values carry <see cref="ReleaseMarker"/> (which both paths install with).
/// </para>
/// </summary>
public static class ReleaseRemovals
{
    /// <summary>
    /// The releases of <paramref name="before"/> that <paramref name="after"/> no longer has, per cluster
    /// in the old plan's order: gateways, then istiod, then any other; by name within each. Retained
    /// releases (base) are left out: nothing uninstalls them.
    /// </summary>
    public static IReadOnlyList<PlannedRelease> Between(MeshPlan before, MeshPlan after)
    {
        var kept = after.Clusters.SelectMany(c => c.Releases.Select(r => (c.Cluster.Name, r.Namespace, r.ReleaseName))).ToHashSet();
        return before.Clusters
            .SelectMany(c => c.Releases
                .Where(r => !r.RetainOnDelete && !kept.Contains((c.Cluster.Name, r.Namespace, r.ReleaseName)))
                .OrderBy(r => Rank(r.Chart))
                .ThenBy(r => r.ReleaseName, StringComparer.Ordinal)
                .ThenBy(r => r.Namespace, StringComparer.Ordinal))
            .ToList();
    }

    /// <summary>
    /// Where <c>apply.sh</c> of <paramref name="cluster"/> looks, in the order it uninstalls: each
    /// gateway's name in istio-system (where every gateway ran before they had namespaces of their own)
    /// and in its kind's own namespace, wherever the stack does not run it now; then istiod releases
    /// (<c>istiod</c>, <c>istiod-&lt;revision&gt;</c>) in istio-system, keeping the stack's.
    /// </summary>
    public static IReadOnlyList<ReleaseLookup> KubectlLookups(ClusterPlan cluster)
    {
        var lookups = new List<ReleaseLookup>();
        foreach (var kind in new[] { GatewayKind.EastWest, GatewayKind.Ingress })
        {
            var name = IstioLabels.GatewayName(kind);
            var runsIn = cluster.Releases.Where(r => r.ReleaseName == name).Select(r => r.Namespace).ToHashSet(StringComparer.Ordinal);
            foreach (var ns in new[] { IstioLabels.IstioSystem, IstioLabels.GatewayNamespace(kind) }.Where(ns => !runsIn.Contains(ns)).Order(StringComparer.Ordinal))
            {
                lookups.Add(new ReleaseLookup(ns, $"^{name}$", "gateway", []));
            }
        }

        var istiods = cluster.Releases.Where(r => r.Chart == "istiod").Select(r => r.ReleaseName).Order(StringComparer.Ordinal).ToList();
        lookups.Add(new ReleaseLookup(IstioLabels.IstioSystem, IstiodPattern, "istiod", istiods));
        return lookups;
    }

    /// <summary>
    /// The removals of <see cref="Between"/> that <c>apply.sh</c> does not find (a gateway that moves
    /// away from a namespace the stack named itself): <c>diff</c> tells the person to uninstall them.
    /// </summary>
    public static IReadOnlyList<PlannedRelease> NotFoundByKubectl(MeshPlan before, MeshPlan after) =>
        Between(before, after)
            .Where(r => after.Clusters.FirstOrDefault(c => c.Cluster.Name == r.Id.Scope) is { } cluster
                && !KubectlLookups(cluster).Any(l => l.Uninstalls(r.Namespace, r.ReleaseName)))
            .ToList();

    /// <summary>The names MeshInfra gives istiod releases: <c>istiod</c> and <c>istiod-&lt;revision&gt;</c>.</summary>
    public const string IstiodPattern = "^istiod(-[a-z0-9-]+)?$";

    private static int Rank(string chart) => chart switch { "gateway" => 0, "istiod" => 1, _ => 2 };
}
