using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// A service in one cluster's registry, as istiod builds it: from a ServiceEntry (one per host) or a
/// Kubernetes Service (<c>name.namespace.svc.cluster.local</c>).
/// </summary>
public sealed record RegistryService(
    string Host,
    string Namespace,
    bool FromServiceEntry,
    bool MeshExternal,
    ImmutableArray<string> Addresses,
    ImmutableArray<ServicePortView> Ports,
    ImmutableArray<SeEndpoint> Endpoints,
    ImmutableSortedDictionary<string, string> Selector,
    ObjectRef Source)
{
    public ServicePortView? Port(int number) => Ports.FirstOrDefault(p => p.Number == number);
}
