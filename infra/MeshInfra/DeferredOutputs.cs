using MeshInfra.Model.Planning;
using Pulumi;

namespace MeshInfra;

/// <summary>
/// Resolves the plan's deferred values to Outputs: gateway addresses and NodePorts from each
/// cluster's component, generated certificates from the trust component. Resolution only reads
/// Outputs that already exist; it never declares a resource.
/// </summary>
internal sealed class DeferredOutputs(MeshTrust trust, IReadOnlyDictionary<string, MeshCluster> clusters)
{
    public Output<object> Resolve(DeferredValue value) => value switch
    {
        GatewayAddress a => clusters[a.Cluster].GatewayHost(a.Gateway).Apply(v => (object)v),
        GatewayNodePort p => clusters[p.Cluster].GatewayNodePort(p.Gateway).Apply(v => (object)v),
        GeneratedCertificate c => trust.CacertsEntry(c.Cluster, c.SecretKey).Apply(v => (object)v),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown deferred value."),
    };
}
