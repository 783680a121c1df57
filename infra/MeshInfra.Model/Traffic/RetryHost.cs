namespace MeshInfra.Model.Traffic;

/// <summary>One endpoint as <see cref="ConnectRetries"/> counts it: its share of first picks, the hosts it has in the load balancer, and whether they refuse connections.</summary>
public sealed record RetryHost(double Share, int InRotation, bool Dead);
