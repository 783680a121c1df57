namespace MeshInfra.Model.Config;

/// <summary>Where the mesh's root of trust comes from and how long its certificates live.</summary>
public sealed record TrustSpec(TrustMode Mode, int RootValidityDays, int IntermediateValidityDays)
{
    public const int DefaultValidityDays = 3650;

    /// <summary>Stack config keys (secret) that hold a provided root, read only by the Pulumi program.</summary>
    public const string ProvidedRootCertKey = "rootCaCert";
    public const string ProvidedRootKeyKey = "rootCaKey";
}
