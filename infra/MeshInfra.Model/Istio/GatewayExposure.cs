using MeshInfra.Model.Config;

namespace MeshInfra.Model.Istio;

/// <summary>
/// Who can reach the east-west gateway's load balancer. Without these, anyone who reaches its address
/// can open 15443 (and learn by SNI which services exist) and 15021. The annotations are the clouds'
/// own, from their documentation (not Istio's):
/// GKE, "LoadBalancer Service parameters" (docs.cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters);
/// EKS, AWS Load Balancer Controller "Service annotations" (kubernetes-sigs.github.io/aws-load-balancer-controller, guide/service/annotations);
/// AKS, "Use an internal load balancer with AKS" (learn.microsoft.com/azure/aks/internal-lb).
/// </summary>
public static class GatewayExposure
{
    /// <summary>The annotation (key and value) that makes the cloud's load balancer internal.</summary>
    public static (string Key, string Value) Annotation(InternalLoadBalancer cloud) => cloud switch
    {
        InternalLoadBalancer.Gke => ("networking.gke.io/load-balancer-type", "Internal"),
        InternalLoadBalancer.Eks => ("service.beta.kubernetes.io/aws-load-balancer-scheme", "internal"),
        InternalLoadBalancer.Aks => ("service.beta.kubernetes.io/azure-load-balancer-internal", "true"),
        _ => throw new ArgumentOutOfRangeException(nameof(cloud), cloud, null),
    };

    /// <summary>The config word of each cloud, as <c>clusters[].gateway.internalLoadBalancer</c> takes it.</summary>
    public static string Word(InternalLoadBalancer cloud) => cloud.ToString().ToLowerInvariant();
}
