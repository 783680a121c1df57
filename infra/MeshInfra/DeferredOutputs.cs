using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;
using Pulumi;

namespace MeshInfra;

/// <summary>
/// Resolves the plan's deferred values to Outputs: gateway addresses and NodePorts from each
/// cluster's component, generated certificates from the trust component. Resolution only reads
/// Outputs that already exist; it never declares a resource. Under static resolution an east-west
/// gateway's load balancer must publish an IP (Istio takes only IPs as STATIC endpoints), so a host
/// name stops the deploy with the fix before Istio's webhook refuses the ServiceEntry.
/// </summary>
internal sealed class DeferredOutputs(MeshTrust trust, IReadOnlyDictionary<string, MeshCluster> clusters, EndpointResolution resolution)
{
    public Output<object> Resolve(DeferredValue value) => value switch
    {
        GatewayAddress { Gateway: GatewayKind.EastWest } a when resolution == EndpointResolution.Static =>
            clusters[a.Cluster].GatewayHost(a.Gateway).Apply(v => StaticEndpointRules.DeployTimeProblem(v) is { } problem
                ? throw new InvalidOperationException($"The east-west gateway of cluster '{a.Cluster}' ({a.Key}): {problem}")
                : (object)v),
        GatewayAddress a => clusters[a.Cluster].GatewayHost(a.Gateway).Apply(v => (object)v),
        GatewayClusterIp c => clusters[c.Cluster].GatewayClusterIp().Apply(v => (object)v),
        GatewayNodePort p => clusters[p.Cluster].GatewayNodePort(p.Gateway).Apply(v => (object)v),
        GeneratedCertificate c => trust.CacertsEntry(c.Cluster, c.SecretKey).Apply(v => (object)v),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown deferred value."),
    };
}
