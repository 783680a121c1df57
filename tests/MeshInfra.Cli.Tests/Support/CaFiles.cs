using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeshInfra.Cli.Tests.Support;

/// <summary>A cluster's CA files as Istio's cacerts takes them: an intermediate CA, its key, the root, and the chain.</summary>
internal static class CaFiles
{
    /// <summary>A root CA certificate and its key, PEM.</summary>
    public static (string CertPem, RSA Key) Root(string name)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return (certificate.ExportCertificatePem(), key);
    }

    /// <summary>Writes ca-cert.pem, ca-key.pem, root-cert.pem and cert-chain.pem into <paramref name="folder"/>: one intermediate signed by the root.</summary>
    public static void Write(string folder, (string CertPem, RSA Key) root, string cluster)
    {
        Directory.CreateDirectory(folder);
        using var rootCertificate = X509Certificate2.CreateFromPem(root.CertPem).CopyWithPrivateKey(root.Key);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=Intermediate CA, L={cluster}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var intermediate = request.Create(rootCertificate, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(20), [1, 2, 3, 4]);
        var intermediatePem = intermediate.ExportCertificatePem() + "\n";
        File.WriteAllText(Path.Combine(folder, "ca-cert.pem"), intermediatePem);
        File.WriteAllText(Path.Combine(folder, "ca-key.pem"), key.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(Path.Combine(folder, "root-cert.pem"), root.CertPem + "\n");
        File.WriteAllText(Path.Combine(folder, "cert-chain.pem"), intermediatePem + root.CertPem + "\n");
    }
}
