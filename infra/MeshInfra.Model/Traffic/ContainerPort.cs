namespace MeshInfra.Model.Traffic;

/// <summary>A port one of a pod's containers declares: what a Service's named <c>targetPort</c> resolves against.</summary>
public sealed record ContainerPort(string Name, int Number, string Protocol);
