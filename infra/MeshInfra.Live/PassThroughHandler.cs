namespace MeshInfra.Live;

/// <summary>The handler the Kubernetes client puts in front of its own pipeline; it only passes requests on.</summary>
internal sealed class PassThroughHandler : DelegatingHandler;
