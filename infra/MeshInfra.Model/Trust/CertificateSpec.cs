using System.Collections.Immutable;

namespace MeshInfra.Model.Trust;

/// <summary>
/// What one CA certificate must look like; the Pulumi layer maps it onto Pulumi.Tls.
/// <see cref="AllowedUses"/> are Pulumi.Tls/Terraform key-usage names.
/// </summary>
public sealed record CertificateSpec(
    CertificateSubject Subject,
    string KeyAlgorithm,
    int RsaBits,
    int ValidityDays,
    bool IsCertificateAuthority,
    int? MaxPathLength,
    ImmutableArray<string> AllowedUses,
    ImmutableArray<string> DnsNames)
{
    public int ValidityHours => ValidityDays * 24;
}
