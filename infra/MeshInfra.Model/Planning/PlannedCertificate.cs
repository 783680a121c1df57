using MeshInfra.Model.Trust;

namespace MeshInfra.Model.Planning;

/// <summary>
/// A CA key and certificate the deploy generates (root, or one cluster's intermediate).
/// <see cref="Generation"/> is the per-cluster re-issue number; raising it replaces only that CA.
/// </summary>
public sealed record PlannedCertificate(ResourceId Id, CertificateSpec Certificate, ResourceId? SignedBy, int Generation) : PlannedResource(Id)
{
    public override string Describe() =>
        $"{(SignedBy is null ? "Root" : "Intermediate")} CA '{Certificate.Subject.CommonName}{(Certificate.Subject.Locality is { } l ? ", L=" + l : "")}' (RSA {Certificate.RsaBits}, {Certificate.ValidityDays} days{(SignedBy is null ? "" : $", generation {Generation}")})";
}
