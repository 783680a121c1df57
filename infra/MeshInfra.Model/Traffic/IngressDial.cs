namespace MeshInfra.Model.Traffic;

/// <summary>
/// Where a cluster's ingress gateway is dialled from outside: an address and port, and the gateway
/// Service's port that reaches (the same port for a load balancer or a static address; the Service
/// port behind a NodePort).
/// </summary>
public sealed record IngressDial(string Cluster, string Address, string Port, int ServicePort)
{
    /// <summary>Every Service port answers at the address (a load balancer, a static address), not only the one dialled.</summary>
    public bool AllPorts => Port == ServicePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
