namespace MeshInfra.Model.Traffic;

/// <summary>One AUTO_PASSTHROUGH filter chain: the service, subset and port its SNI names, and the rule that gave the subset.</summary>
public sealed record PassthroughChain(RegistryService Service, SubsetView? Subset, ServicePortView Port, DestinationRuleView? Rule);
