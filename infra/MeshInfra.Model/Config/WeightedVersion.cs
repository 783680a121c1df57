namespace MeshInfra.Model.Config;

public sealed record WeightedVersion(string Version, int Weight);
