using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Traffic;

/// <summary>Which DestinationRule a proxy uses for a host, in Istio's order.</summary>
public sealed partial class ClusterView
{
    /// <summary>
    /// The DestinationRule a proxy in <paramref name="proxyNamespace"/> uses for a host, first step that
    /// holds one wins: a rule in its own namespace (for a proxy in the root namespace, such as the east-west
    /// gateway, only the root's private rules, <c>exportTo: ["."]</c>), then a rule the service's namespace
    /// exports to it, then one the root namespace exports. Within a step the most specific host wins: the
    /// exact host, else the longest wildcard (<c>*.global</c> over <c>*</c>), so a wildcard rule of the proxy's
    /// own namespace beats an exact one of the service's. Istio 1.30.3 and 1.31.0-rc.0:
    /// pilot/pkg/model/push_context.go, destinationRule and getExportedDestinationRuleFromNamespace, each
    /// step through MostSpecificHostMatch (pilot/pkg/model/config.go). Among rules as specific as each other
    /// the oldest wins (setDestinationRules sorts by sortConfigBySelectorAndCreationTime before indexing; see
    /// <see cref="CreationOrder"/>). Rules of one namespace for the same host are not merged here (Istio merges
    /// them, destination_rule.go, mergeDestinationRule: later rules add only subsets of new names): the
    /// oldest is taken. workloadSelector rules are not modelled.
    /// </summary>
    public DestinationRuleView? DestinationRuleFor(string host, string proxyNamespace, string serviceNamespace)
    {
        var exact = destinationRules.GetValueOrDefault(host);
        if (exact is null && wildcardDestinationRules.Count == 0)
        {
            return null;
        }

        IEnumerable<DestinationRuleView> candidates = exact is null ? wildcardDestinationRules : [.. exact, .. wildcardDestinationRules];
        DestinationRuleView? Step(Func<DestinationRuleView, bool> holds) => HostMatch.MostSpecific(host, candidates.Where(holds), r => r.Host);
        const string root = IstioLabels.IstioSystem;
        return (proxyNamespace == root
                ? Step(r => r.Namespace == root && r.IsPrivate)
                : Step(r => r.Namespace == proxyNamespace && r.ExportedTo(proxyNamespace)))
            ?? Step(r => r.Namespace == serviceNamespace && r.ExportedTo(proxyNamespace))
            ?? Step(r => r.Namespace == root && !r.IsPrivate && r.ExportedTo(proxyNamespace));
    }
}
