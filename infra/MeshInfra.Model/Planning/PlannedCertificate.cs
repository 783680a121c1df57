using System.Collections.Immutable;
using System.Globalization;
using MeshInfra.Model.Trust;

namespace MeshInfra.Model.Planning;

/// <summary>
/// A CA key and certificate the deploy generates or takes from config (a root, or one cluster's
/// intermediate). <see cref="Generation"/> is the intermediate's re-issue number (a root's generation
/// for roots); <see cref="IssueName"/> is the Pulumi name's tail: whatever changes it (generation,
/// renewal period, signing root) issues a new key and certificate, and the old ones are deleted.
/// </summary>
public sealed record PlannedCertificate(ResourceId Id, CertificateSpec Certificate, ResourceId? SignedBy, int Generation) : PlannedResource(Id)
{
    public string IssueName { get; init; } = "";

    /// <summary>The roots an intermediate's cluster trusts (cacerts root-cert.pem), in the order written.</summary>
    public ImmutableArray<ResourceId> TrustBundle { get; init; } = [];

    /// <summary>An intermediate's place on the renewal clock; null when no renewal is configured.</summary>
    public CertificateRenewal? Renewal { get; init; }

    /// <summary>
    /// A provided certificate's config keys (certificate, key); null for a generated certificate. The key
    /// is null for a root kept offline (trust.intermediates: provided): the stack holds its certificate only.
    /// </summary>
    public (string Certificate, string? Key)? ProvidedBy { get; init; }

    /// <summary>A provided intermediate's chain config key (cert-chain.pem: the intermediate up to the root); null otherwise.</summary>
    public string? ProvidedChainBy { get; init; }

    /// <summary>A root's part in a rotation ("old root", "new root"), or null outside one.</summary>
    public string? RotationRole { get; init; }

    public bool IsRoot => SignedBy is null;

    public override string Describe() => !IsRoot && ProvidedBy is { } given
        ? $"Intermediate CA given in config {given.Certificate} (key {given.Key}, chain {ProvidedChainBy}); signed by {SignedBy}, trusts {string.Join(" + ", TrustBundle)}; renews when you give a new certificate, key and chain"
        : $"{(IsRoot ? "Root" : "Intermediate")} CA '{Certificate.Subject.CommonName}{(Certificate.Subject.Locality is { } l ? ", L=" + l : "")}' (RSA {Certificate.RsaBits}, {Certificate.ValidityDays} days{(IsRoot ? "" : $", generation {Generation}")})"
        + (RotationRole is { } role ? $", {role}" : "")
        + (IsRoot ? "" : $"; signed by {SignedBy}, trusts {string.Join(" + ", TrustBundle)}; {RenewalText()}");

    /// <summary>When this intermediate renews, in the words plan and render print.</summary>
    public string RenewalText() => Renewal is { } r
        ? $"renews at the first deploy from {Day(r.RenewsOn)} (period {r.Period} began {Day(r.PeriodStart)}; deploy by {Day(r.DeployBy)})"
        : "renews only when its generation is raised (no trust.renewal)";

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
