namespace MeshInfra.Model.Config;

public enum GatewayAddressMode
{
    /// <summary>The gateway Service's load balancer ingress: an IP, or a hostname on AWS.</summary>
    LoadBalancer,

    /// <summary>A node address from config plus the NodePort Kubernetes assigns (or a pinned one).</summary>
    NodePort,

    /// <summary>A fixed IP or hostname from config (an external load balancer, a DNS name).</summary>
    Static,

    /// <summary>The stable name external-dns publishes for the gateway's load balancer (needs <c>mesh.externalDns.zone</c>).</summary>
    ExternalDns,
}
