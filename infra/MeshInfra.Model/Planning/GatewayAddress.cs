namespace MeshInfra.Model.Planning;

/// <summary>The reachable address (IP or hostname) of a cluster's gateway, known once its Service exists.</summary>
public sealed record GatewayAddress(string Cluster, GatewayKind Gateway) : DeferredValue
{
    public override string Key => Cluster + (Gateway == GatewayKind.EastWest ? ".gatewayAddress" : ".ingressAddress");
}
