using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// trust.intermediates: provided, the root kept offline: the stack holds the root's certificate and each
/// cluster's intermediate (certificate, secret key, chain), never a root key; validate checks the chains
/// it can read offline and refuses a root key with the reason.
/// </summary>
public sealed class ProvidedIntermediatesTests
{
    private static readonly (string CertPem, System.Security.Cryptography.RSA Key) Root = CaFiles.Root("Acme Root");

    /// <summary>A config value as a YAML block scalar under <paramref name="key"/>.</summary>
    private static string Plain(string key, string pem) =>
        $"  mesh-infra:{key}: |\n    {pem.TrimEnd('\n').ReplaceLineEndings("\n").Replace("\n", "\n    ", StringComparison.Ordinal)}\n";

    private static string Secret(string key) => $"  mesh-infra:{key}:\n    secure: v1:c2VjcmV0\n";

    /// <summary>Each cluster's intermediate signed by <paramref name="signer"/>, its secret key and chain, and the root's certificate.</summary>
    private static string Keys(TempDirectory temp, (string CertPem, System.Security.Cryptography.RSA Key)? signer = null, string? extra = null)
    {
        var text = Plain("rootCaCert", Root.CertPem);
        foreach (var cluster in new[] { "cluster1", "cluster2" })
        {
            var folder = temp.Combine("ca-" + cluster + Guid.NewGuid().ToString("N")[..6]);
            CaFiles.Write(folder, signer ?? Root, cluster);
            text += Plain($"intermediateCaCert-{cluster}", File.ReadAllText(Path.Combine(folder, "ca-cert.pem")))
                + Secret($"intermediateCaKey-{cluster}")
                + Plain($"intermediateCaChain-{cluster}", File.ReadAllText(Path.Combine(folder, "cert-chain.pem")));
        }

        return text + (extra ?? "");
    }

    private static string Stack(string keys) =>
        Stacks.ProvidedTrust(keys).Replace("      mode: provided\n", "      mode: provided\n      intermediates: provided\n", StringComparison.Ordinal);

    [Fact]
    public void IntermediatesFromTheOfflineRootValidateAndPlanWithoutARootKey()
    {
        using var temp = new TempDirectory();
        var stack = temp.File("Pulumi.offline.yaml", Stack(Keys(temp)));
        CliRunner.Ok("validate", stack);
        var plan = CliRunner.Ok("plan", stack).Stdout;
        Assert.Contains("  Intermediate CA given in config intermediateCaCert-cluster1 (key intermediateCaKey-cluster1, chain intermediateCaChain-cluster1); signed by mesh:ca/root, trusts mesh:ca/root; renews when you give a new certificate, key and chain\n", plan, StringComparison.Ordinal);

        var output = temp.Combine("out");
        CliRunner.Ok("render", stack, "--out", output);
        var root = File.ReadAllText(Directory.GetFiles(Path.Combine(output, "mesh"), "*certificate-ca-root.yaml").Single());
        Assert.Contains("privateKey: 'offline: not in the stack (trust.intermediates: provided)'\n", root, StringComparison.Ordinal);
        Assert.DoesNotContain("keyConfigKey", root, StringComparison.Ordinal);
        var intermediate = File.ReadAllText(Directory.GetFiles(Path.Combine(output, "cluster1"), "*certificate-ca-intermediate.yaml").Single());
        Assert.Contains("chainConfigKey: mesh-infra:intermediateCaChain-cluster1\n", intermediate, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", string.Concat(Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(File.ReadAllText)), StringComparison.Ordinal);
    }

    [Fact]
    public void ARootKeyInTheStackIsRefusedWithTheReason()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Run("validate", temp.File("Pulumi.key.yaml", Stack(Keys(temp, extra: Secret("rootCaKey")))));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("mesh-infra:rootCaKey: must not be in the stack when mesh.trust.intermediates is 'provided': the root key stays offline, and any key in the stack reaches Pulumi's state and every preview's program; remove it: pulumi config rm rootCaKey", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("invalid — 1 error", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIntermediateSignedByAnotherRootIsRefusedOffline()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Run("validate", temp.File("Pulumi.other.yaml", Stack(Keys(temp, signer: CaFiles.Root("Someone Else")))));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("mesh-infra:intermediateCaCert-cluster1: 'CN=Intermediate CA, L=cluster1' is not signed by the root 'CN=Acme Root' in mesh-infra:rootCaCert (through mesh-infra:intermediateCaChain-cluster1): istiod would refuse this cacerts; issue the intermediate from that root", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("mesh-infra:intermediateCaChain-cluster1: ends at 'CN=Someone Else', not at the root 'CN=Acme Root' in mesh-infra:rootCaCert", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingPartsAndAPlainTextIntermediateKeyAreNamed()
    {
        using var temp = new TempDirectory();
        var keys = Keys(temp).Replace(Secret("intermediateCaKey-cluster2"), "  mesh-infra:intermediateCaKey-cluster2: clear\n", StringComparison.Ordinal);
        var withoutChain = keys[..keys.IndexOf("  mesh-infra:intermediateCaChain-cluster1:", StringComparison.Ordinal)] + keys[keys.IndexOf("  mesh-infra:intermediateCaCert-cluster2:", StringComparison.Ordinal)..];
        var result = CliRunner.Run("validate", temp.File("Pulumi.missing.yaml", Stack(withoutChain)));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("mesh-infra:intermediateCaChain-cluster1: is required when mesh.trust.intermediates is 'provided': cluster cluster1's intermediate; set it with: pulumi config set --secret intermediateCaChain-cluster1 < cert-chain.pem", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("mesh-infra:intermediateCaKey-cluster2: is stored in plain text; an intermediate CA key must be a secret: pulumi config set --secret intermediateCaKey-cluster2 < ca-key.pem", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("clear", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void IntermediatesProvidedNeedModeProvidedAndRefuseRenewalAndRotation()
    {
        using var temp = new TempDirectory();
        var generated = CliRunner.Run("validate", temp.File("Pulumi.gen.yaml", Stacks.ProvidedTrust("").Replace("      mode: provided\n", "      intermediates: provided\n", StringComparison.Ordinal)));
        Assert.Equal(2, generated.ExitCode);
        Assert.Contains("mesh.trust.intermediates: 'provided' needs mode: provided", generated.Stderr, StringComparison.Ordinal);

        var rotating = CliRunner.Run("validate", temp.File("Pulumi.rot.yaml", Stack(Keys(temp)).Replace("      intermediates: provided\n", "      intermediates: provided\n      rotation: {phase: trustBoth, from: none}\n", StringComparison.Ordinal)));
        Assert.Equal(2, rotating.ExitCode);
        Assert.Contains("mesh.trust.rotation: is not supported with intermediates: provided yet", rotating.Stderr, StringComparison.Ordinal);
    }
}
