using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>A provided root is described and checked as given, never as the profile of a generated one.</summary>
public sealed class ProvidedRootTests
{
    private const string SecretKey = "  mesh-infra:rootCaKey:\n    secure: v1:c2VjcmV0LWtleQ==\n";

    /// <summary>A self-signed certificate valid for <paramref name="days"/> from today, as the stack's plain-text rootCaCert.</summary>
    private static (string Keys, DateTimeOffset NotAfter) PlainRoot(int days, bool ca = true)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Acme Root, O=Acme", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        var notAfter = DateTimeOffset.UtcNow.Date.AddDays(days);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), notAfter);
        var pem = certificate.ExportCertificatePem().ReplaceLineEndings("\n").Replace("\n", "\n    ", StringComparison.Ordinal);
        return ($"  mesh-infra:rootCaCert: |\n    {pem.TrimEnd()}\n{SecretKey}", notAfter);
    }

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void PlanDescribesAPlainTextRootAsGiven()
    {
        using var temp = new TempDirectory();
        var (keys, notAfter) = PlainRoot(days: 5000);
        var path = temp.File("Pulumi.provided.yaml", Stacks.ProvidedTrust(keys));

        var plan = CliRunner.Ok("plan", path).Stdout.Split('\n');

        Assert.Contains($"  Provided: Root CA 'Acme Root' (RSA 2048, valid until {Day(notAfter)}, from mesh-infra:rootCaCert)", plan);
        Assert.DoesNotContain(plan, l => l.Contains("Root CA 'Root CA'", StringComparison.Ordinal));
    }

    [Fact]
    public void PlanSaysASecretRootIsNotReadOffline()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.provided.yaml", Stacks.ProvidedTrust("  mesh-infra:rootCaCert:\n    secure: v1:Y2VydA==\n" + SecretKey));

        var plan = CliRunner.Ok("plan", path).Stdout.Split('\n');

        Assert.Contains("  Provided: Root CA from the secret config mesh-infra:rootCaCert (not decrypted offline: its key and validity are the given certificate's, checked at deploy time)", plan);
        Assert.DoesNotContain(plan, l => l.Contains("RSA 4096, 3650 days", StringComparison.Ordinal) && l.Contains("Root", StringComparison.Ordinal));
    }

    [Fact]
    public void RenderDescribesTheGivenRootNotTheGeneratedProfile()
    {
        using var temp = new TempDirectory();
        var (keys, notAfter) = PlainRoot(days: 5000);
        var path = temp.File("Pulumi.provided.yaml", Stacks.ProvidedTrust(keys));
        CliRunner.Ok("render", path, "--out", temp.Combine("out"));

        var root = YamlDocs.Load(temp.Rendered(Path.Combine("out", "mesh"), "certificate-ca-root.yaml"));

        Assert.Equal(("provided", "Acme Root", "RSA 2048", Day(notAfter)), (root.Text("source"), root.Text("subject", "commonName"), root.Text("key"), root.Text("notAfter")));
        Assert.DoesNotContain("4096", File.ReadAllText(temp.Rendered(Path.Combine("out", "mesh"), "certificate-ca-root.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void IntermediateCannotOutliveAProvidedRoot()
    {
        using var temp = new TempDirectory();
        var (keys, notAfter) = PlainRoot(days: 100);
        var path = temp.File("Pulumi.provided.yaml", Stacks.ProvidedTrust(keys));

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(
            $@"^{System.Text.RegularExpressions.Regex.Escape(path)}:\d+:\d+: mesh\.trust\.intermediateValidityDays: 3650 days outlives the provided root, which expires on {Day(notAfter)} \(\d+ days from today\); an intermediate cannot be valid longer than the root that signs it: give at most \d+, or a root valid longer$",
            result.ErrorLines[0]);
        Assert.Equal(2, result.ErrorLines.Count);
    }

    [Fact]
    public void ProvidedRootThatIsNoCaIsRefused()
    {
        using var temp = new TempDirectory();
        var (keys, _) = PlainRoot(days: 5000, ca: false);
        var path = temp.File("Pulumi.provided.yaml", Stacks.ProvidedTrust(keys));

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.EndsWith("mesh-infra:rootCaCert: 'Acme Root' is not a CA certificate (its basic constraints do not say CA:TRUE), so it cannot sign the clusters' intermediates; give the root CA's certificate", result.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void ProvidedRootThatIsNoCertificateIsRefused()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.provided.yaml", Stacks.ProvidedTrust("  mesh-infra:rootCaCert: not a certificate\n" + SecretKey));

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.EndsWith("mesh-infra:rootCaCert: is not a PEM certificate (-----BEGIN CERTIFICATE----- ...); give the root CA's certificate, e.g. pulumi config set rootCaCert < root-cert.pem", result.ErrorLines[0], StringComparison.Ordinal);
    }
}
