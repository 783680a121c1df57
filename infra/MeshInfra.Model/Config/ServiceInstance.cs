namespace MeshInfra.Model.Config;

/// <summary>One cluster that runs a service, and which version there (null when unversioned).</summary>
public sealed record ServiceInstance(string Cluster, string? Version);
