using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeshInfra.Envtest;

/// <summary>
/// The files one test API server needs: a throwaway CA, a serving certificate it signs (SANs
/// 127.0.0.1 and localhost, so clients verify the server as kubectl does), and the service-account
/// signing key. Made with .NET's own crypto, so no openssl is needed on the machine.
/// </summary>
internal sealed record ServerCertificates(string CaFile, string CertFile, string KeyFile, string ServiceAccountKeyFile, byte[] CaPem)
{
    public static ServerCertificates Write(string folder)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=meshinfra-envtest-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=kube-apiserver", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var server = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), serial);

        using var serviceAccountKey = RSA.Create(2048);

        var caPem = ca.ExportCertificatePem();
        var files = new ServerCertificates(
            Path.Combine(folder, "ca.crt"),
            Path.Combine(folder, "server.crt"),
            Path.Combine(folder, "server.key"),
            Path.Combine(folder, "sa.key"),
            System.Text.Encoding.ASCII.GetBytes(caPem));
        File.WriteAllText(files.CaFile, caPem);
        File.WriteAllText(files.CertFile, server.ExportCertificatePem());
        File.WriteAllText(files.KeyFile, serverKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(files.ServiceAccountKeyFile, serviceAccountKey.ExportPkcs8PrivateKeyPem());
        return files;
    }
}
