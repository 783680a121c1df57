using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// Reads a provided root CA certificate when the stack holds it in plain text (a certificate is
/// public; only its key must be a secret), so plan, render and validate describe and check the root
/// that was given rather than the profile a generated root would have. Never reads the key.
/// </summary>
public static class ProvidedRoot
{
    /// <returns>The facts, or null when the certificate is a secret (not decrypted offline) or absent.</returns>
    /// <exception cref="FormatException">The plain-text value is not a PEM certificate.</exception>
    public static ProvidedRootFacts? Read(StackFile file)
    {
        if (file.PlainRootCertificate is not { } pem)
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException)
        {
            throw new FormatException("is not a PEM certificate (-----BEGIN CERTIFICATE----- ...); give the root CA's certificate, e.g. pulumi config set rootCaCert < root-cert.pem");
        }

        using (certificate)
        {
            var isCa = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
            return new ProvidedRootFacts(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), KeyOf(certificate), new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero), isCa);
        }
    }

    /// <summary>The root as plan prints it: what was given, or where it comes from when it cannot be read offline.</summary>
    public static string Describe(StackFile file, ProvidedRootFacts? facts) => facts is null
        ? $"Root CA from the secret config {file.ConfigKey(Model.Config.TrustSpec.ProvidedRootCertKey)} (not decrypted offline: its key and validity are the given certificate's, checked at deploy time)"
        : $"Root CA '{facts.Subject}' ({facts.Key}, valid until {Day(facts.NotAfter)}, from {file.ConfigKey(Model.Config.TrustSpec.ProvidedRootCertKey)})";

    /// <summary>A provided root known only by its config key (the new root of a rotation, never read offline).</summary>
    public static string DescribeByKey(StackFile file, string certificateKey) =>
        $"Root CA from the config {file.ConfigKey(certificateKey)} (not read offline: its key and validity are the given certificate's, checked at deploy time)";

    public static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string KeyOf(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            return $"RSA {rsa.KeySize.ToString(CultureInfo.InvariantCulture)}";
        }

        using var ecdsa = certificate.GetECDsaPublicKey();
        return ecdsa is not null ? $"ECDSA {ecdsa.KeySize.ToString(CultureInfo.InvariantCulture)}" : certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value ?? "unknown key";
    }
}
