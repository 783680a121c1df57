namespace MeshInfra.Model.Config;

/// <summary>Where the mesh's root of trust comes from and how long its certificates live.</summary>
public sealed record TrustSpec(TrustMode Mode, int RootValidityDays, int IntermediateValidityDays)
{
    public const int DefaultValidityDays = 3650;

    /// <summary>
    /// An intermediate's lifetime when the stack renews intermediates (<c>trust.renewal</c>) and names
    /// none: renewal re-issues it every period, so it need not live as long as the root. Without
    /// renewal the default stays <see cref="DefaultValidityDays"/> (Istio's tools/certs/common.mk
    /// INTERMEDIATE_DAYS, 1.30.3): nothing would re-issue a shorter one before it expires.
    /// </summary>
    public const int DefaultRenewedIntermediateValidityDays = 365;

    /// <summary>Stack config keys (secret) that hold a provided root, read only by the Pulumi program.</summary>
    public const string ProvidedRootCertKey = "rootCaCert";
    public const string ProvidedRootKeyKey = "rootCaKey";

    /// <summary>Stack config keys for the new provided root during a rotation, beside the old one.</summary>
    public const string NextRootCertKey = "nextRootCaCert";
    public const string NextRootKeyKey = "nextRootCaKey";

    /// <summary>
    /// Stack config keys (per cluster: the key name ends in the cluster's name) of an intermediate CA
    /// given with the root kept offline (<c>trust.intermediates: provided</c>): its certificate, its key
    /// (secret), and its chain up to and including the root, as Istio's cert-chain.pem.
    /// </summary>
    public const string IntermediateCertKeyPrefix = "intermediateCaCert-";
    public const string IntermediateKeyKeyPrefix = "intermediateCaKey-";
    public const string IntermediateChainKeyPrefix = "intermediateCaChain-";

    public static string IntermediateCertKey(string cluster) => IntermediateCertKeyPrefix + cluster;

    public static string IntermediateKeyKey(string cluster) => IntermediateKeyKeyPrefix + cluster;

    public static string IntermediateChainKey(string cluster) => IntermediateChainKeyPrefix + cluster;

    /// <summary>Whether a config key holds a certificate (public, read offline when in plain text).</summary>
    public static bool IsPublicCertificateKey(string name) =>
        name == ProvidedRootCertKey || name.StartsWith(IntermediateCertKeyPrefix, StringComparison.Ordinal) || name.StartsWith(IntermediateChainKeyPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Each cluster's intermediate is given (<c>trust.intermediates: provided</c>, only with mode provided):
    /// the root's certificate is in the stack, its key is not, so it never enters Pulumi's state.
    /// </summary>
    public bool ProvidedIntermediates { get; init; }

    /// <summary>Renewal of intermediates by the model's clock; null: an intermediate lives until its generation is raised.</summary>
    public IntermediateRenewalSpec? Renewal { get; init; }

    /// <summary>The generated root in use (<c>trust.rootGeneration</c>); a rotation brings in the next one.</summary>
    public int RootGeneration { get; init; } = 1;

    public RootRotationSpec Rotation { get; init; } = RootRotationSpec.Idle;
}
