namespace MeshInfra.Model.Trust;

/// <summary>An X.509 subject as Istio's cert tooling writes it (O, CN, and L for per-cluster CAs).</summary>
public sealed record CertificateSubject(string Organization, string CommonName, string? Locality);
