namespace MeshInfra.Model.Traffic;

/// <summary>
/// Where a cluster's east-west gateway is reachable from other clusters (its load balancer address,
/// or a node address and NodePort), as the stack and `--set` values say: the one fact about the
/// network that no object holds. Placeholders (<c>${cluster2.gatewayAddress}</c>) work as addresses.
/// </summary>
public sealed record GatewayDial(string Cluster, string Address, string Port);
