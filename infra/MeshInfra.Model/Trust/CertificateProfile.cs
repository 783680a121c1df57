using MeshInfra.Model.Config;

namespace MeshInfra.Model.Trust;

/// <summary>
/// The plug-in CA profile from Istio's tools/certs (common.mk, Makefile.selfsigned.mk), so a mesh
/// built by MeshInfra carries the certificates istiod expects: an RSA 4096 self-signed root, and per
/// cluster an RSA 4096 intermediate CA with the SAN istiod.istio-system.svc. Istio's tooling also
/// limits the intermediate to pathlen:0; Pulumi.Tls 5.5.1 cannot issue that (its provider sets Go's
/// MaxPathLen 0 without MaxPathLenZero, which Go writes as "no limit"), so the intermediate is issued,
/// and described, as a CA with no path-length limit. Istio does not require the limit.
/// </summary>
public static class CertificateProfile
{
    public const string Organization = "Istio";
    public const string IstiodDnsName = "istiod.istio-system.svc";
    public const int RsaBits = 4096;

    /// <summary>keyUsage=digitalSignature,nonRepudiation,keyEncipherment,keyCertSign in Pulumi.Tls words.</summary>
    public static readonly string[] CaUses = ["digital_signature", "content_commitment", "key_encipherment", "cert_signing"];

    /// <summary>The cacerts keys istiod reads (security/pkg/pki/ca/ca.go), in the order MeshInfra writes them.</summary>
    public static readonly string[] CacertsKeys = ["ca-cert.pem", "ca-key.pem", "root-cert.pem", "cert-chain.pem"];

    public static CertificateSpec Root(TrustSpec trust) => Root(trust, 1);

    /// <summary>
    /// A root of the given generation. Each generation has its own common name, so while a rotation puts
    /// two roots in one trust bundle, a chain builder matching issuers by subject never confuses them.
    /// </summary>
    public static CertificateSpec Root(TrustSpec trust, int generation) => new(
        new CertificateSubject(Organization, generation == 1 ? "Root CA" : $"Root CA {generation}", null),
        "RSA",
        RsaBits,
        trust.RootValidityDays,
        IsCertificateAuthority: true,
        MaxPathLength: null,
        [.. CaUses],
        []);

    public static CertificateSpec Intermediate(TrustSpec trust, ClusterSpec cluster) => new(
        new CertificateSubject(Organization, "Intermediate CA", cluster.Name),
        "RSA",
        RsaBits,
        trust.IntermediateValidityDays,
        IsCertificateAuthority: true,
        MaxPathLength: null,
        [.. CaUses],
        [IstiodDnsName]);
}
