namespace MeshInfra.Model.Config;

public sealed record SampleSpec(string Cluster, string Namespace);
