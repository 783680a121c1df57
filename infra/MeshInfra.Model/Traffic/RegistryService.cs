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
    /// <summary>A ServiceEntry's <c>resolution</c> (NONE where it says none); null for a Kubernetes Service.</summary>
    public string? Resolution { get; init; }

    /// <summary>
    /// A ServiceEntry with <c>resolution: STATIC</c>: an EDS cluster in Envoy (core/cluster.go, convertResolution:
    /// ClientSideLB is EDS, 1.30.3 and 1.31.0-rc.0), whose endpoints must be IPs.
    /// </summary>
    public bool IsStaticServiceEntry => FromServiceEntry && Resolution == "STATIC";

    /// <summary>
    /// The address istiod gives a ServiceEntry host that has none (<c>AutoIP(host)</c> here, as a Kubernetes
    /// Service's is <c>ClusterIP(host)</c>): pilot/pkg/networking/serviceentry/ip_autoallocation.go,
    /// shouldV2AutoAllocateIPFromPieces, 1.30.3 and 1.31.0-rc.0: PILOT_ENABLE_IP_AUTOALLOCATE on (the default,
    /// pilot/pkg/features/pilot.go), a resolution other than NONE, no <c>addresses</c>, and no
    /// <c>networking.istio.io/enable-autoallocate-ip: "false"</c> label. Only a proxy that captures DNS uses it
    /// (pilot/pkg/model/service.go, nodeUsesAutoallocatedIPs), so only the sidecar's DNS proxy answers with it.
    /// </summary>
    public string? AutoAllocatedAddress { get; init; }

    /// <summary>The address the sidecar's DNS proxy answers for this host: its own first, else the automatic one.</summary>
    public string? ProxyAddress => Addresses.IsEmpty ? AutoAllocatedAddress : Addresses[0];

    /// <summary>A ServiceEntry's <c>exportTo</c> as written, or a Kubernetes Service's networking.istio.io/exportTo annotation (empty: meshConfig.defaultServiceExportTo applies).</summary>
    public ImmutableArray<string> ExportTo { get; init; } = [];

    public ServicePortView? Port(int number) => Ports.FirstOrDefault(p => p.Number == number);
}
