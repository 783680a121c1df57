using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>Which DestinationRule a proxy uses for a host, in Istio's order.</summary>
public sealed partial class ClusterView
{
    private static readonly ImmutableSortedDictionary<string, string> NoLabels = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);
    private readonly DestinationRuleIndex ruleIndex;

    /// <summary>
    /// The DestinationRule a proxy in <paramref name="proxyNamespace"/> whose pod carries <paramref name="proxyLabels"/>
    /// uses for a host of <paramref name="serviceNamespace"/>, first step that holds the host wins: the rules of its
    /// own namespace (for a proxy in the root namespace, such as the east-west gateway, only the root's private
    /// rules, <c>exportTo: ["."]</c>), then those the service's namespace exports to it, then those the root
    /// namespace exports. Within a step the most specific host wins: the exact host, else the longest wildcard
    /// (<c>*.global</c> over <c>*</c>), so a wildcard rule of the proxy's own namespace beats an exact one of the
    /// service's. Several rules of one namespace for a host are merged, oldest first: its trafficPolicy wins and
    /// later rules add only subsets of new names. A rule with a workloadSelector applies only to the proxies of
    /// its namespace that it selects, and then before any rule without one. See <see cref="DestinationRuleIndex"/>
    /// for the Istio source (push_context.go setDestinationRules and destinationRule, destination_rule.go
    /// mergeDestinationRule, sidecar.go SidecarScope.DestinationRule; 1.30.3 and 1.31.0-rc.0).
    /// </summary>
    public DestinationRuleView? DestinationRuleFor(string host, string proxyNamespace, string serviceNamespace, IReadOnlyDictionary<string, string>? proxyLabels = null) =>
        ruleIndex.For(host, proxyNamespace, proxyLabels ?? NoLabels, serviceNamespace);

    /// <summary>The DestinationRule <paramref name="proxy"/>'s sidecar (or gateway) uses for a host of <paramref name="serviceNamespace"/>.</summary>
    public DestinationRuleView? DestinationRuleFor(string host, Workload proxy, string serviceNamespace) =>
        ruleIndex.For(host, proxy.Namespace, proxy.Labels, serviceNamespace);
}
