namespace MeshInfra.Model.Traffic;

/// <summary>
/// One endpoint of an outbound cluster as Envoy's load balancer counts it: its priority, how many hosts it
/// stands for (a name resolving to N addresses is N hosts), and how many of them outlier detection has ejected.
/// </summary>
public sealed record FailoverHost(int Priority, int Hosts, int Ejected)
{
    public int Healthy => Hosts - Ejected;
}
