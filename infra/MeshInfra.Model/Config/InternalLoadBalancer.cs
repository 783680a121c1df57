namespace MeshInfra.Model.Config;

/// <summary>
/// Whose internal load balancer the east-west gateway's Service asks for: each cloud reads its own
/// Service annotation (<see cref="Istio.GatewayExposure"/>), and no annotation works on every cloud.
/// </summary>
public enum InternalLoadBalancer
{
    /// <summary>GKE: <c>networking.gke.io/load-balancer-type: "Internal"</c>.</summary>
    Gke,

    /// <summary>EKS with the AWS Load Balancer Controller: <c>service.beta.kubernetes.io/aws-load-balancer-scheme: internal</c>.</summary>
    Eks,

    /// <summary>AKS: <c>service.beta.kubernetes.io/azure-load-balancer-internal: "true"</c>.</summary>
    Aks,
}
