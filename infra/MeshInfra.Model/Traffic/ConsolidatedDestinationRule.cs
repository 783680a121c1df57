namespace MeshInfra.Model.Traffic;

/// <summary>
/// One entry of istiod's DestinationRule index for a host: a rule with the later ones merged into it, and
/// the exportTo set it was indexed under (pilot/pkg/model/destination_rule.go, ConsolidatedDestRule, 1.30.3
/// and 1.31.0-rc.0). Mutable only while the index is built.
/// </summary>
internal sealed class ConsolidatedDestinationRule(DestinationRuleView rule, IReadOnlySet<string> exportTo)
{
    public DestinationRuleView Rule { get; private set; } = rule;

    public IReadOnlySet<string> ExportTo { get; } = exportTo;

    public void Absorb(DestinationRuleView later) => Rule = Rule.Absorb(later);
}
