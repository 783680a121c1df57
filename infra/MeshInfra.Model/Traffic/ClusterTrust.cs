namespace MeshInfra.Model.Traffic;

/// <summary>
/// A cluster's workloads' trust, as clients and as servers. They are the same once every workload has
/// renewed its certificate; during a root rotation they can differ (a client that renewed after the
/// deploy, a server that has not yet), which is how a half-rotated mesh is traced.
/// </summary>
public sealed record ClusterTrust(WorkloadTrust Clients, WorkloadTrust Servers)
{
    public static ClusterTrust Uniform(WorkloadTrust trust) => new(trust, trust);
}
