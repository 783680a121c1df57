namespace MeshInfra.Model.Config;

public enum TrustMode
{
    /// <summary>MeshInfra generates the root CA and keeps it, encrypted, in the stack state.</summary>
    Generated,

    /// <summary>The root certificate and key come from secret stack config (an organisation's own CA).</summary>
    Provided,
}
