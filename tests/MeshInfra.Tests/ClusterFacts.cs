namespace MeshInfra.Tests;

/// <summary>What a mocked cluster "computes": its gateway Service status and ClusterIP, and its live Corefile.</summary>
public sealed record ClusterFacts(string? LoadBalancerIp = null, string? LoadBalancerHostname = null, int NodePort = 31443, string? Corefile = null, string ClusterIp = "10.96.0.1");
