namespace MeshInfra.Benchmarks;

/// <summary>One place a synthetic service runs: a cluster (by index) and, for versioned services, a version.</summary>
internal sealed record SyntheticInstance(int Cluster, string? Version);
