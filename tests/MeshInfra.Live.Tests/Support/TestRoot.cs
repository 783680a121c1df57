using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeshInfra.Live.Tests.Support;

/// <summary>A test root CA (P-256) that issues intermediates: what a rotation's old or new root stands for on the API servers.</summary>
public sealed class TestRoot
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 certificate;

    public TestRoot(string name)
    {
        var request = new CertificateRequest($"CN={name}, O=mesh1", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        Pem = certificate.ExportCertificatePem() + "\n";
    }

    public string Pem { get; }

    /// <summary>An intermediate CA certificate this root signs (PEM), valid for a year.</summary>
    public string Intermediate(string name)
    {
        using var child = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=mesh1", child, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var cert = request.Create(certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(key), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), RandomNumberGenerator.GetBytes(8));
        return cert.ExportCertificatePem() + "\n";
    }
}
