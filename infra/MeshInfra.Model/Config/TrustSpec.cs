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

    /// <summary>Renewal of intermediates by the model's clock; null: an intermediate lives until its generation is raised.</summary>
    public IntermediateRenewalSpec? Renewal { get; init; }

    /// <summary>The generated root in use (<c>trust.rootGeneration</c>); a rotation brings in the next one.</summary>
    public int RootGeneration { get; init; } = 1;

    public RootRotationSpec Rotation { get; init; } = RootRotationSpec.Idle;
}
