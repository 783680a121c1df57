using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// The kubectl layout during a root rotation: apply.sh takes the old and the new root as two files,
/// checks them with the real openssl, and makes the cacerts Secret the Pulumi program makes (root-cert.pem
/// the old root then the new one until dropOld, cert-chain.pem ending at the root that signs this
/// cluster's intermediate in the phase). kubectl is a stand-in that keeps the Secret's files.
/// </summary>
public sealed class KubectlRotationCacertsTests
{
    private static readonly string Dev = File.ReadAllText(Repo.DevStack);
    private static readonly (string CertPem, System.Security.Cryptography.RSA Key) OldRoot = CaFiles.Root("old root");
    private static readonly (string CertPem, System.Security.Cryptography.RSA Key) NewRoot = CaFiles.Root("new root");

    private static string At(string rotation) =>
        Dev.Replace("    trust:\n      mode: generated\n", $"    trust:\n      mode: generated\n      rotation: {{{rotation}}}\n", StringComparison.Ordinal);

    private const string TrustBoth = "phase: trustBoth, from: none";
    private const string SwitchOne = "phase: switch, from: trustBoth, switched: [cluster1]";
    private const string DropOld = "phase: dropOld, from: switch, switched: [cluster1, cluster2]";

    /// <summary>cluster1's apply.sh rendered for the stack at <paramref name="rotation"/>.</summary>
    private static string Render(TempDirectory temp, string rotation)
    {
        var stack = temp.File("Pulumi.dev.yaml", At(rotation));
        File.Copy(Path.Combine(Repo.Root, "Pulumi.yaml"), temp.Combine("Pulumi.yaml"));
        KubectlRender.Ok(stack, RepoStacks.Dev.Plan, temp.Combine("out"));
        return temp.Combine("out", "cluster1", KubectlRenderer.Script);
    }

    /// <summary>The CA folder: an intermediate signed by <paramref name="signer"/>, the chain to it, and the given root files.</summary>
    private static string CaFolder(TempDirectory temp, (string CertPem, System.Security.Cryptography.RSA Key) signer, bool old = true, bool @new = true)
    {
        var ca = temp.Combine("ca");
        CaFiles.Write(ca, signer, "cluster1");
        File.Delete(Path.Combine(ca, "root-cert.pem"));
        if (old)
        {
            File.WriteAllText(Path.Combine(ca, CacertsRootFiles.RootFile), OldRoot.CertPem + "\n");
        }

        if (@new)
        {
            File.WriteAllText(Path.Combine(ca, CacertsRootFiles.NewRootFile), NewRoot.CertPem + "\n");
        }

        return ca;
    }

    /// <summary>Runs the script; kubectl's stand-in copies each --from-file of the Secret into secret/ and prints <paramref name="otherRoots"/> as cluster2's cacerts root-cert.pem.</summary>
    private static (ScriptRun Run, string SecretFolder) RunScript(TempDirectory temp, string script, string ca, string? otherRoots = null)
    {
        var bin = temp.Combine("bin");
        var secret = temp.Combine("secret");
        Directory.CreateDirectory(bin);
        Directory.CreateDirectory(secret);
        var calls = temp.Combine("calls.log");
        File.WriteAllText(calls, "");
        var other = temp.Combine("other-root.b64");
        File.WriteAllText(other, otherRoots is null ? "" : Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(otherRoots)));
        StubTools.Write(bin, "kubectl", """
            #!/usr/bin/env bash
            echo "kubectl $*" >> "$CALLS"
            if [[ "$*" == *"get secret cacerts"* ]]; then cat "$OTHER_ROOT"; fi
            if [[ "$*" == *"create secret generic cacerts"* ]]; then
              for arg in "$@"; do
                if [[ "$arg" == --from-file=* ]]; then spec="${arg#--from-file=}"; cp "${spec#*=}" "$SECRET/${spec%%=*}"; fi
              done
            fi
            """ + "\n");
        StubTools.Write(bin, "helm", "#!/usr/bin/env bash\necho \"helm $*\" >> \"$CALLS\"\n");
        var (exitCode, stderr) = StubTools.Run(script, bin, new Dictionary<string, string?>
        {
            ["CALLS"] = calls,
            ["OTHER_ROOT"] = other,
            ["SECRET"] = secret,
            [ApplyScript.CacertsVariable] = ca,
        });
        return (new ScriptRun(exitCode, stderr, [.. File.ReadAllLines(calls)]), secret);
    }

    private static void AssertRefused(ScriptRun run, string message)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Calls, c => c.Contains(" apply ", StringComparison.Ordinal) || c.StartsWith("helm ", StringComparison.Ordinal) || c.Contains(" create ", StringComparison.Ordinal));
    }

    private static string Read(string folder, string file) => File.ReadAllText(Path.Combine(folder, file));

    [Fact]
    public void TrustBothPutsTheOldRootThenTheNewOneInTheSecretAndKeepsTheChainToTheOldRoot()
    {
        using var temp = new TempDirectory();
        var ca = CaFolder(temp, OldRoot);
        // cluster2 has not taken the phase yet: it holds the old root only, which the two share.
        var (run, secret) = RunScript(temp, Render(temp, TrustBoth), ca, otherRoots: OldRoot.CertPem + "\n");

        Assert.True(run.ExitCode == 0, run.Stderr);
        // The bytes MeshTrust.CacertsEntry writes: the roots concatenated, old first, one newline between.
        Assert.Equal(OldRoot.CertPem + "\n" + NewRoot.CertPem + "\n", Read(secret, "root-cert.pem"));
        Assert.Equal(Read(ca, "ca-cert.pem") + OldRoot.CertPem + "\n", Read(secret, "cert-chain.pem"));
        Assert.Equal(Read(ca, "ca-key.pem"), Read(secret, "ca-key.pem"));
        Assert.Equal(["ca-cert.pem", "ca-key.pem", "cert-chain.pem", "root-cert.pem"], Directory.GetFiles(secret).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TrustBothWithoutTheNewRootFileIsRefused()
    {
        using var temp = new TempDirectory();
        var ca = CaFolder(temp, OldRoot, @new: false);
        var (run, _) = RunScript(temp, Render(temp, TrustBoth), ca);
        AssertRefused(run, $"apply.sh: {ca}/new-root-cert.pem is missing; MESHINFRA_CACERTS_DIR must hold ca-cert.pem, ca-key.pem, root-cert.pem, new-root-cert.pem, cert-chain.pem; nothing was applied");
    }

    [Fact]
    public void BothRootsInOneFileAreRefusedWithWhatToDo()
    {
        using var temp = new TempDirectory();
        var ca = CaFolder(temp, OldRoot);
        File.WriteAllText(Path.Combine(ca, "root-cert.pem"), OldRoot.CertPem + "\n" + NewRoot.CertPem + "\n");
        var (run, _) = RunScript(temp, Render(temp, TrustBoth), ca);
        AssertRefused(run, $"apply.sh: {ca}/root-cert.pem holds more than one certificate; give one root per file (apply.sh puts the phase's roots together); nothing was applied");
    }

    [Fact]
    public void ASwitchedClustersChainMustEndAtTheNewRoot()
    {
        using var temp = new TempDirectory();
        var script = Render(temp, SwitchOne);

        var stale = CaFolder(temp, OldRoot);
        var (refused, _) = RunScript(temp, script, stale);
        AssertRefused(refused, $"apply.sh: {stale}/cert-chain.pem does not end at new-root-cert.pem (it is the intermediate, then the root that signs cluster1's intermediate in phase switch); nothing was applied");

        Directory.Delete(stale, recursive: true);
        var ca = CaFolder(temp, NewRoot);
        var (run, secret) = RunScript(temp, script, ca, otherRoots: OldRoot.CertPem + "\n" + NewRoot.CertPem + "\n");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(OldRoot.CertPem + "\n" + NewRoot.CertPem + "\n", Read(secret, "root-cert.pem"));
        Assert.Equal(Read(ca, "ca-cert.pem") + NewRoot.CertPem + "\n", Read(secret, "cert-chain.pem"));
    }

    [Fact]
    public void DropOldNeedsOnlyTheNewRootAndTheSecretHoldsItAlone()
    {
        using var temp = new TempDirectory();
        var ca = CaFolder(temp, NewRoot, old: false);
        var (run, secret) = RunScript(temp, Render(temp, DropOld), ca, otherRoots: OldRoot.CertPem + "\n" + NewRoot.CertPem + "\n");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(NewRoot.CertPem + "\n", Read(secret, "root-cert.pem"));
    }

    [Fact]
    public void ANeighbourSharingNoneOfTheRotationsRootsIsRefused()
    {
        using var temp = new TempDirectory();
        var ca = CaFolder(temp, OldRoot);
        var (run, _) = RunScript(temp, Render(temp, TrustBoth), ca, otherRoots: CaFiles.Root("another mesh").CertPem + "\n");
        AssertRefused(run, $"apply.sh: none of the roots in {ca}/root-cert.pem, {ca}/new-root-cert.pem is one cluster cluster2 has (its cacerts Secret): every cluster of the mesh shares the rotation's roots; nothing was applied");
    }

    [Fact]
    public void ARootFileThatIsNotSelfSignedIsRefused()
    {
        using var temp = new TempDirectory();
        var ca = CaFolder(temp, OldRoot);
        File.Copy(Path.Combine(ca, "ca-cert.pem"), Path.Combine(ca, "new-root-cert.pem"), overwrite: true);
        var (run, _) = RunScript(temp, Render(temp, TrustBoth), ca);
        AssertRefused(run, $"apply.sh: {ca}/new-root-cert.pem is not a self-signed root CA certificate; nothing was applied");
    }
}
