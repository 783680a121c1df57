using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Tests.Doctor;

/// <summary>A test CA (P-256): a self-signed root that issues intermediates, as PEM.</summary>
internal sealed class TestCa
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCa(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest($"CN={name}, O=mesh1", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Certificate = request.CreateSelfSigned(notBefore, notAfter);
        Pem = Certificate.ExportCertificatePem() + "\n";
    }

    public X509Certificate2 Certificate { get; }

    public string Pem { get; }

    /// <summary>An intermediate CA certificate this root signs (PEM).</summary>
    public string Intermediate(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var child = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=mesh1", child, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var cert = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(key), notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        return cert.ExportCertificatePem() + "\n";
    }

    /// <summary>The cacerts Secret as the live reader keeps it: the public part only, base64 in data.</summary>
    public static MapNode Cacerts(string intermediate, string root) =>
        new KubeObject("v1", "Secret", ObjectMeta.Named("cacerts", "istio-system"), MapNode.Of(
            ("type", "Opaque"),
            ("data", MapNode.OfStrings([
                KeyValuePair.Create("ca-cert.pem", B64(intermediate)),
                KeyValuePair.Create("cert-chain.pem", B64(intermediate + root)),
                KeyValuePair.Create("root-cert.pem", B64(root)),
            ])))).ToNode();

    private static string B64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
