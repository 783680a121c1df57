using MeshInfra.Envtest;
using MeshInfra.Live.Tests.Support;

namespace MeshInfra.Live.Tests.Envtest;

/// <summary>`meshinfra doctor` against two real API servers holding the dev stack.</summary>
[Collection(EnvtestClusters.Collection)]
public sealed class DoctorEnvtestTests(MeshClusters mesh)
{
    [EnvtestFact]
    public void A_healthy_mesh_gives_exit_0()
    {
        var result = mesh.Doctor();
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
