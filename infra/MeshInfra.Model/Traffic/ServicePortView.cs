namespace MeshInfra.Model.Traffic;

/// <summary>One port of a service in a cluster's registry; <see cref="TargetPort"/> only for Kubernetes Services.</summary>
public sealed record ServicePortView(string Name, int Number, string Protocol, int TargetPort);
