using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// A cluster's DestinationRules indexed as istiod indexes them, and the one a proxy gets for a host.
/// Istio 1.30.3 and 1.31.0-rc.0 (the same rules at both tags):
/// <list type="bullet">
/// <item>pilot/pkg/model/push_context.go, setDestinationRules: rules sorted workloadSelector ones first,
/// then by creation time, name and namespace (sortConfigBySelectorAndCreationTime); each goes into its
/// namespace's local index when its namespace sees it, into its namespace's exported index unless it is
/// private, and a private one of the root namespace into the root's private index. A rule with a
/// workloadSelector is private whatever its exportTo says.</item>
/// <item>pilot/pkg/model/destination_rule.go, mergeDestinationRule: a rule for a host already indexed merges
/// into each entry of the same exportTo set (with ENABLE_ENHANCED_DESTINATIONRULE_MERGE, on by default at both
/// tags), and also into entries whose exportTo it strictly contains; two selectors must be equal to merge.
/// Whether it also stands alone is what the last entry looked at leaves in appendSeparately: false after a
/// merge where both rules lack a selector or have equal ones; else as the exportTo comparison set it, false
/// for the same set, true for a strictly larger one or an entry it cannot merge into. So a rule exported more
/// widely than an older one, both without a selector, is merged and not kept on its own (a namespace only it
/// names does not get it). Merging appends subsets of new names (a duplicate name is dropped) and
/// takes the later rule's trafficPolicy only if the entry has none: the oldest rule's policy wins.</item>
/// <item>push_context.go, destinationRule: the entries of the first index that holds the host, most specific
/// host first (MostSpecificHostMatch): the proxy's own namespace's local index (for a proxy in the root
/// namespace, the root's private one), then the service namespace's exported entries visible to the proxy,
/// then the root namespace's.</item>
/// <item>pilot/pkg/model/sidecar.go, SidecarScope.DestinationRule: among those entries, the first with a
/// workloadSelector in the proxy's namespace that the proxy's labels hold, else the last without one.</item>
/// </list>
/// </summary>
internal sealed class DestinationRuleIndex
{
    private const string Root = IstioLabels.IstioSystem;

    private readonly Dictionary<string, Dictionary<string, List<ConsolidatedDestinationRule>>> namespaceLocal = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, List<ConsolidatedDestinationRule>>> exportedByNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ConsolidatedDestinationRule>> rootNamespaceLocal = new(StringComparer.Ordinal);

    /// <param name="rules">Every DestinationRule of the cluster, hosts qualified.</param>
    /// <param name="defaultExportTo">meshConfig.defaultDestinationRuleExportTo; only "." changes anything (push_context.go, initDefaultExportMaps).</param>
    public DestinationRuleIndex(IEnumerable<DestinationRuleView> rules, IReadOnlyCollection<string> defaultExportTo)
    {
        var ordered = rules.OrderBy(r => r.WorkloadSelector is null).ThenBy(r => r.Order).ToList();
        foreach (var rule in ordered)
        {
            IReadOnlySet<string> exportTo = rule.WorkloadSelector is null
                ? rule.ExportTo.ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>([Private], StringComparer.Ordinal);
            if (exportTo.Count == 0 || exportTo.Contains(Public) || exportTo.Contains(Private) || exportTo.Contains(rule.Namespace))
            {
                Merge(Of(namespaceLocal, rule.Namespace), rule, exportTo);
            }

            var privateOnly = exportTo.Count == 0
                ? defaultExportTo.Contains(Private)
                : exportTo.Count == 1 && (exportTo.Contains(Private) || exportTo.Contains(rule.Namespace));
            if (!privateOnly)
            {
                Merge(Of(exportedByNamespace, rule.Namespace), rule, exportTo);
            }
            else if (rule.Namespace == Root)
            {
                Merge(rootNamespaceLocal, rule, exportTo);
            }
        }
    }

    private const string Public = "*";
    private const string Private = ".";

    /// <summary>
    /// The rule a proxy in <paramref name="proxyNamespace"/> with <paramref name="proxyLabels"/> gets for
    /// <paramref name="host"/>, a service of <paramref name="serviceNamespace"/>; null when none applies.
    /// </summary>
    public DestinationRuleView? For(string host, string proxyNamespace, IReadOnlyDictionary<string, string> proxyLabels, string serviceNamespace)
    {
        ConsolidatedDestinationRule? catchAll = null;
        foreach (var entry in Candidates(host, proxyNamespace, serviceNamespace))
        {
            var selector = entry.Rule.WorkloadSelector;
            if (selector is null)
            {
                catchAll = entry;
            }
            else if (entry.Rule.Namespace == proxyNamespace && selector.All(l => proxyLabels.TryGetValue(l.Key, out var v) && v == l.Value))
            {
                return entry.Rule;
            }
        }

        return catchAll?.Rule;
    }

    /// <summary>The index entries the lookup for <paramref name="host"/> lands on (push_context.go, destinationRule), before the proxy's labels choose.</summary>
    public IReadOnlyList<ConsolidatedDestinationRule> Candidates(string host, string proxyNamespace, string serviceNamespace)
    {
        var local = proxyNamespace == Root ? rootNamespaceLocal : namespaceLocal.GetValueOrDefault(proxyNamespace);
        if (local is not null && MostSpecific(host, local) is { } own)
        {
            return own;
        }

        return Exported(serviceNamespace, host, proxyNamespace) is { Count: > 0 } fromService ? fromService
            : Exported(Root, host, proxyNamespace) is { Count: > 0 } fromRoot ? fromRoot
            : [];
    }

    private List<ConsolidatedDestinationRule>? Exported(string owner, string host, string proxyNamespace)
    {
        if (exportedByNamespace.GetValueOrDefault(owner) is not { } index || MostSpecific(host, index) is not { } entries)
        {
            return null;
        }

        // The host matched: a rule not exported to the proxy is skipped, and no less specific host is tried.
        return [.. entries.Where(e => e.ExportTo.Count == 0 || e.ExportTo.Contains(Public) || e.ExportTo.Contains(proxyNamespace))];
    }

    private static List<ConsolidatedDestinationRule>? MostSpecific(string host, Dictionary<string, List<ConsolidatedDestinationRule>> index) =>
        index.TryGetValue(host, out var exact) && !HostMatch.IsWildcard(host) ? exact
            : HostMatch.MostSpecific(host, index.Keys, k => k) is { } key ? index[key] : null;

    private static Dictionary<string, List<ConsolidatedDestinationRule>> Of(Dictionary<string, Dictionary<string, List<ConsolidatedDestinationRule>>> byNamespace, string ns)
    {
        if (!byNamespace.TryGetValue(ns, out var index))
        {
            byNamespace[ns] = index = new(StringComparer.Ordinal);
        }

        return index;
    }

    /// <summary>destination_rule.go, mergeDestinationRule, step for step (see the class summary).</summary>
    private static void Merge(Dictionary<string, List<ConsolidatedDestinationRule>> index, DestinationRuleView rule, IReadOnlySet<string> exportTo)
    {
        if (!index.TryGetValue(rule.Host, out var entries))
        {
            index[rule.Host] = [new ConsolidatedDestinationRule(rule, exportTo)];
            return;
        }

        var appendSeparately = true;
        foreach (var entry in entries)
        {
            if (exportTo.SetEquals(entry.ExportTo))
            {
                appendSeparately = false;
            }
            else if (entry.ExportTo.Count > 0 && exportTo.IsSupersetOf(entry.ExportTo))
            {
                appendSeparately = true;
            }
            else
            {
                appendSeparately = true;
                continue;
            }

            var existing = entry.Rule.WorkloadSelector;
            var bothWithout = rule.WorkloadSelector is null && existing is null;
            var bothWith = rule.WorkloadSelector is not null && existing is not null;
            var selectorsMatch = bothWith && existing!.Count == rule.WorkloadSelector!.Count && existing.All(l => rule.WorkloadSelector.TryGetValue(l.Key, out var v) && v == l.Value);
            if (bothWith && !selectorsMatch)
            {
                appendSeparately = true;
                continue;
            }

            if (bothWithout || selectorsMatch)
            {
                appendSeparately = false;
            }

            entry.Absorb(rule);
        }

        if (appendSeparately)
        {
            entries.Add(new ConsolidatedDestinationRule(rule, exportTo));
        }
    }
}
