namespace MeshInfra.Model.Traffic;

/// <summary>
/// One endpoint of an outbound cluster as Envoy's load balancer counts it: its priority, how many hosts it
/// stands for (a name resolving to N addresses is N hosts), and whether outlier detection has ejected them.
/// </summary>
public sealed record FailoverHost(int Priority, int Hosts, bool Ejected);
