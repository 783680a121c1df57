namespace MeshInfra.Model.Traffic;

/// <summary>Pods a request reaches, with the share of requests that land there (0 to 1).</summary>
public sealed record Arrival(Workload Workload, double Share);
