namespace MeshInfra.Model.Manifests;

public sealed record ContainerServicePort(string Name, int Port, int TargetPort);
