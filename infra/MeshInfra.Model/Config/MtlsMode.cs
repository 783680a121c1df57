namespace MeshInfra.Model.Config;

public enum MtlsMode
{
    Permissive,
    Strict,
}
