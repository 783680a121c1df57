namespace MeshInfra.Model.Config;

/// <summary>
/// How a global host's ServiceEntry resolves its endpoints (the serving clusters' east-west gateways),
/// and so how a client's sidecar orders them (<c>mesh.endpointResolution</c>).
/// </summary>
public enum EndpointResolution
{
    /// <summary>
    /// <c>resolution: DNS</c>: gateways may be host names (an AWS load balancer's); endpoints are ordered by
    /// locality, which puts the own cluster first only for clients on nodes of the stack's region.
    /// </summary>
    Dns,

    /// <summary>
    /// <c>resolution: STATIC</c> (Istio's EDS): every gateway is dialled by an IP, the own one by its
    /// ClusterIP, and DestinationRule <c>failoverPriority</c> puts the own cluster first, then the clusters
    /// of its region, then the others, whatever labels the client's node carries.
    /// </summary>
    Static,
}
