namespace MeshInfra.Model.Planning;

/// <summary>
/// The NodePort Kubernetes assigned to a gateway's port, for clusters reached through a node
/// address; it becomes the endpoint port other clusters dial instead of the service port.
/// </summary>
public sealed record GatewayNodePort(string Cluster, GatewayKind Gateway, int ServicePort) : DeferredValue
{
    public override string Key => Cluster + (Gateway == GatewayKind.EastWest ? ".gatewayNodePort" : ".ingressNodePort");

    public override bool IsInteger => true;
}
