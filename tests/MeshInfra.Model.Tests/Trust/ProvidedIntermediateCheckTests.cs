using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using MeshInfra.Model.Config;
using MeshInfra.Model.Trust;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Trust;

/// <summary>The offline checks of an intermediate given with the root kept offline, and how the planner names its parts.</summary>
public sealed class ProvidedIntermediateCheckTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static (X509Certificate2 Certificate, string Pem) Root(string name)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var certificate = request.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(10));
        return (certificate, certificate.ExportCertificatePem() + "\n");
    }

    private static string Intermediate(X509Certificate2 root, bool ca = true, int days = 365)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Intermediate CA, L=east", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        using var certificate = request.Create(root, Now.AddDays(-10), Now.AddDays(days), [7, 7, 7]);
        return certificate.ExportCertificatePem() + "\n";
    }

    private static IReadOnlyList<string> Check(string intermediate, string chain, string root) =>
        [.. ProvidedIntermediateCheck.Check("east", intermediate, chain, root, Now, k => "p:" + k).Select(e => e.ToString())];

    [Fact]
    public void AnIntermediateOfTheGivenRootPasses()
    {
        var root = Root("Acme Root");
        var intermediate = Intermediate(root.Certificate);
        Assert.Empty(Check(intermediate, intermediate + root.Pem, root.Pem));
    }

    [Fact]
    public void ACertificateThatIsNotACaIsRefused()
    {
        var root = Root("Acme Root");
        var leaf = Intermediate(root.Certificate, ca: false);
        Assert.Equal(
            ["p:intermediateCaCert-east: 'CN=Intermediate CA, L=east' is not a CA certificate (its basic constraints do not say CA:TRUE), so istiod cannot sign workload certificates with it; give an intermediate CA"],
            Check(leaf, leaf + root.Pem, root.Pem));
    }

    [Fact]
    public void AnExpiredIntermediateIsRefusedWithItsDate()
    {
        var root = Root("Acme Root");
        var old = Intermediate(root.Certificate, days: -1);
        Assert.Equal(
            ["p:intermediateCaCert-east: 'CN=Intermediate CA, L=east' expired on 2026-12-31; issue a new intermediate from the root and give it, its key and its chain"],
            Check(old, old + root.Pem, root.Pem));
    }

    [Fact]
    public void AChainThatDoesNotStartAtTheIntermediateIsRefused()
    {
        var root = Root("Acme Root");
        var intermediate = Intermediate(root.Certificate);
        Assert.Equal(
            ["p:intermediateCaChain-east: starts at 'CN=Acme Root', not at east's intermediate 'CN=Intermediate CA, L=east': the chain is the intermediate, then any CA between, then the root"],
            Check(intermediate, root.Pem, root.Pem));
    }

    [Fact]
    public void ThePlannerKeepsTheRootKeyOutAndNamesEachClustersKeys()
    {
        var node = JsonNode.Parse(Configs.ThreeClusters)!.AsObject();
        node["trust"] = JsonNode.Parse("""{"mode": "provided", "intermediates": "provided"}""");
        var plan = Configs.Plan(node.ToJsonString());
        Assert.Equal((TrustSpec.ProvidedRootCertKey, (string?)null), plan.Trust.Single().ProvidedBy);
        var east = plan.Clusters.Single(c => c.Cluster.Name == "east").Resources.OfType<MeshInfra.Model.Planning.PlannedCertificate>().Single();
        Assert.Equal(("intermediateCaCert-east", (string?)"intermediateCaKey-east"), east.ProvidedBy);
        Assert.Equal("intermediateCaChain-east", east.ProvidedChainBy);
    }
}
