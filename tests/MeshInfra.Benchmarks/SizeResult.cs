namespace MeshInfra.Benchmarks;

/// <summary>Everything measured for one mesh size.</summary>
internal sealed record SizeResult(
    SyntheticMesh Mesh,
    Measurement Parse,
    Measurement Plan,
    Measurement Render,
    Measurement Verify,
    int VerifyCases,
    int VerifyFailed,
    Measurement Write,
    Measurement Serialize,
    Measurement EmitEach,
    long YamlBytes,
    long BaselineYamlBytes,
    int Files,
    int Resources,
    int MinimumResources,
    int ClustersAtMinimum,
    double ResourcesPerCluster,
    double MinimumPerCluster,
    int Depth,
    int Edges,
    MemoryFigures Memory);
