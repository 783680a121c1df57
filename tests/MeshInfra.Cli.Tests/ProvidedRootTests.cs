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
    public void ARotationOfAProvidedRootNeedsTheNewRootBesideTheOld()
    {
        using var temp = new TempDirectory();
        const string secretRoot = "  mesh-infra:rootCaCert:\n    secure: v1:Y2VydA==\n" + SecretKey;
        static string Rotating(string keys) => Stacks.ProvidedTrust(keys).Replace("      mode: provided\n", "      mode: provided\n      rotation: {phase: trustBoth, from: none}\n", StringComparison.Ordinal);
        Assert.NotEqual(Stacks.ProvidedTrust(secretRoot), Rotating(secretRoot));

        var missing = CliRunner.Run("validate", temp.File("Pulumi.missing.yaml", Rotating(secretRoot)));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("mesh-infra:nextRootCaCert: is required while mesh.trust.rotation.phase is 'trustBoth': the new root, given beside the old; set it with: pulumi config set --secret nextRootCaCert < new-root-cert.pem", missing.Stderr, StringComparison.Ordinal);

        var plainKey = Rotating(secretRoot + "  mesh-infra:nextRootCaCert:\n    secure: v1:bmV4dA==\n  mesh-infra:nextRootCaKey: clear\n");
        var plain = CliRunner.Run("validate", temp.File("Pulumi.plain.yaml", plainKey));
        Assert.Equal(2, plain.ExitCode);
        Assert.Contains("mesh-infra:nextRootCaKey: is stored in plain text; a root CA key must be a secret: pulumi config set --secret nextRootCaKey < new-root-key.pem", plain.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("clear", plain.Stderr, StringComparison.Ordinal); // the key's value is never echoed

        var given = Rotating(secretRoot + "  mesh-infra:nextRootCaCert:\n    secure: v1:bmV4dA==\n  mesh-infra:nextRootCaKey:\n    secure: v1:bmV4dGtleQ==\n");
        var plan = CliRunner.Ok("plan", temp.File("Pulumi.given.yaml", given)).Stdout.Split('\n');
        Assert.Contains(plan, l => l.StartsWith("  Provided: Root CA from the secret config mesh-infra:rootCaCert", StringComparison.Ordinal)
            && l.Contains("; Root CA from the config mesh-infra:nextRootCaCert (not read offline", StringComparison.Ordinal)
            && l.EndsWith(", new root (trustBoth)", StringComparison.Ordinal));
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
