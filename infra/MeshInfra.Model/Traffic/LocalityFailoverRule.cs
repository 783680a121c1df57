namespace MeshInfra.Model.Traffic;

/// <summary>One <c>localityLbSetting.failover</c> entry: clients in region <see cref="From"/> prefer region <see cref="To"/> among the regions not their own.</summary>
public sealed record LocalityFailoverRule(string From, string To);
