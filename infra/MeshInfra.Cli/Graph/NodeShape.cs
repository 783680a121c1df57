namespace MeshInfra.Cli.Graph;

/// <summary>What a node stands for, so each writer can pick a shape readers tell apart at a glance.</summary>
public enum NodeShape
{
    /// <summary>A cluster's workloads (their sidecars consume global hosts).</summary>
    Workloads,

    /// <summary>An east-west or ingress gateway.</summary>
    Gateway,

    /// <summary>A global host and its address.</summary>
    GlobalHost,

    /// <summary>A route (VirtualService) in a client cluster.</summary>
    Route,
}
