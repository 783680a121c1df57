using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// A root rotation through the CLI on copies of the dev stack: plan and diff name the phase and what it
/// changes, diff refuses a skipped phase, a <c>from</c> that is not the previous file's phase, and two
/// clusters switched in one deploy; no key appears in any of it.
/// </summary>
public sealed class RootRotationCliTests
{
    private static readonly string Dev = File.ReadAllText(Repo.DevStack);

    private static string At(string rotation, string generation = "") =>
        Dev.Replace("    trust:\n      mode: generated\n", $"    trust:\n      mode: generated\n{generation}      rotation:\n{rotation}", StringComparison.Ordinal);

    private static readonly string TrustBoth = At("        phase: trustBoth\n        from: none\n");
    private static readonly string SwitchOne = At("        phase: switch\n        from: trustBoth\n        switched: [cluster1]\n");
    private static readonly string SwitchBoth = At("        phase: switch\n        from: switch\n        switched: [cluster1, cluster2]\n");
    private static readonly string DropOld = At("        phase: dropOld\n        from: switch\n        switched: [cluster1, cluster2]\n");
    private static readonly string Finished = At("        phase: none\n        from: dropOld\n", "      rootGeneration: 2\n");

    [Fact]
    public void PlanNamesThePhaseAndEachIntermediatesSignerAndTrustBundle()
    {
        using var temp = new TempDirectory();
        Assert.NotEqual(Dev, SwitchOne);
        var lines = CliRunner.Ok("plan", temp.File("Pulumi.dev.yaml", SwitchOne)).Stdout.Split('\n');
        Assert.Contains("  Root rotation: phase switch (from trustBoth)", lines);
        Assert.Contains("    still signed by the old root mesh:ca/root: cluster2", lines);
        Assert.Contains(lines, l => l.StartsWith("  Intermediate CA 'Intermediate CA, L=cluster1' (RSA 4096, 3650 days, generation 1); signed by mesh:ca/root-g2, trusts mesh:ca/root + mesh:ca/root-g2; ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  Intermediate CA 'Intermediate CA, L=cluster2' (RSA 4096, 3650 days, generation 1); signed by mesh:ca/root, trusts mesh:ca/root + mesh:ca/root-g2; ", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryStepOfTheRotationDiffsAndNamesThePhase()
    {
        using var temp = new TempDirectory();
        string[] steps = [Dev, TrustBoth, SwitchOne, SwitchBoth, DropOld, Finished];
        for (var i = 1; i < steps.Length; i++)
        {
            var result = CliRunner.Ok("diff", temp.File($"Pulumi.{i}a.yaml", steps[i - 1]), temp.File($"Pulumi.{i}b.yaml", steps[i]));
            Assert.DoesNotContain("PRIVATE KEY", result.Stdout, StringComparison.Ordinal);
        }

        var switchOne = CliRunner.Ok("diff", temp.File("Pulumi.old.yaml", TrustBoth), temp.File("Pulumi.new.yaml", SwitchOne)).Stdout;
        Assert.Contains("\nRoot rotation: phase switch (from trustBoth)\n", switchOne, StringComparison.Ordinal);
        Assert.Contains("      ~ issuedAs: \"cluster1-g1\" -> \"cluster1-g1-root-g2\"\n", switchOne, StringComparison.Ordinal);
        Assert.DoesNotContain("cluster2-g1-root-g2", switchOne, StringComparison.Ordinal);
    }

    [Fact]
    public void DiffRefusesASkippedPhaseWithTheReason()
    {
        using var temp = new TempDirectory();
        var skipped = At("        phase: switch\n        from: none\n        switched: [cluster1]\n");
        var result = CliRunner.Run("diff", temp.File("Pulumi.old.yaml", Dev), temp.File("Pulumi.new.yaml", skipped));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("mesh.trust.rotation.phase: 'switch' cannot follow 'none': every cluster must trust the new root before any intermediate chains to it", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DiffRefusesAFromThatIsNotThePreviousFilesPhase()
    {
        using var temp = new TempDirectory();
        // The new file claims trustBoth was deployed, but the previous file never got there.
        var result = CliRunner.Run("diff", temp.File("Pulumi.old.yaml", Dev), temp.File("Pulumi.new.yaml", SwitchOne));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("mesh.trust.rotation.from: says 'trustBoth', but the previous stack file is at phase 'none'; set from: none", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("mesh.trust.rotation.phase: 'switch' cannot follow 'none'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DiffRefusesTwoClustersSwitchedInOneDeploy()
    {
        using var temp = new TempDirectory();
        var both = At("        phase: switch\n        from: trustBoth\n        switched: [cluster1, cluster2]\n");
        var result = CliRunner.Run("diff", temp.File("Pulumi.old.yaml", TrustBoth), temp.File("Pulumi.new.yaml", both));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("mesh.trust.rotation.switched: switches cluster1 and cluster2 in one deploy; switch one cluster per deploy", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void FinishingWithoutRaisingTheRootGenerationIsRefused()
    {
        using var temp = new TempDirectory();
        var unraised = At("        phase: none\n        from: dropOld\n");
        var result = CliRunner.Run("diff", temp.File("Pulumi.old.yaml", DropOld), temp.File("Pulumi.new.yaml", unraised));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("mesh.trust.rootGeneration: must be raised to 2 when the rotation finishes", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderDescribesEachRootAndTheTrustBundleWithoutAKey()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("out");
        CliRunner.Ok("render", temp.File("Pulumi.dev.yaml", SwitchOne), "--out", output);
        var files = Directory.GetFiles(output, "*certificate*", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        Assert.Equal(4, files.Count);
        Assert.Contains(files, f => f.Contains("id: mesh:ca/root-g2\n", StringComparison.Ordinal) && f.Contains("rotation: new root (switch)\n", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("id: cluster1:ca/intermediate\n", StringComparison.Ordinal) && f.Contains("signedBy: mesh:ca/root-g2\n", StringComparison.Ordinal) && f.Contains("trustBundle:\n  - mesh:ca/root\n  - mesh:ca/root-g2\n", StringComparison.Ordinal));
        Assert.All(Directory.GetFiles(output, "*", SearchOption.AllDirectories), f => Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Fact]
    public void PlanAndRenderShowEachIntermediatesRenewalDate()
    {
        using var temp = new TempDirectory();
        // A start date ahead of today keeps the test's dates fixed: before it, every intermediate is in period 0.
        var renewing = Dev.Replace("    trust:\n      mode: generated\n", "    trust:\n      mode: generated\n      intermediateValidityDays: 365\n      renewal:\n        startDate: \"2090-01-01\"\n        windowDays: 30\n", StringComparison.Ordinal);
        var stack = temp.File("Pulumi.dev.yaml", renewing);
        Assert.Contains(
            "  Intermediate CA 'Intermediate CA, L=cluster2' (RSA 4096, 365 days, generation 1); signed by mesh:ca/root, trusts mesh:ca/root; renews at the first deploy from 2090-12-02 (period 0 began 2090-01-01; deploy by 2091-01-01)\n",
            CliRunner.Ok("plan", stack).Stdout,
            StringComparison.Ordinal);
        var output = temp.Combine("out");
        CliRunner.Ok("render", stack, "--out", output);
        var intermediate = File.ReadAllText(Directory.GetFiles(Path.Combine(output, "cluster2"), "*certificate-ca-intermediate.yaml").Single());
        Assert.Contains("validityDays: 365\n", intermediate, StringComparison.Ordinal);
        Assert.Contains("renewal:\n  period: 0\n  periodStart: \"2090-01-01\"\n  renewsOn: \"2090-12-02\"\n  deployBy: \"2091-01-01\"\n", intermediate, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanAndRenderShowTheRootsEndAndWarnWithinTheWindow()
    {
        using var temp = new TempDirectory();
        // The root was created 390 days ago (the renewal clock's start): it ends in 10 days, inside the 30-day window.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var start = today.AddDays(-390);
        var ending = Dev.Replace("    trust:\n      mode: generated\n", $"    trust:\n      mode: generated\n      rootValidityDays: 400\n      intermediateValidityDays: 365\n      renewal:\n        startDate: \"{Day(start)}\"\n        windowDays: 30\n", StringComparison.Ordinal);
        var stack = temp.File("Pulumi.dev.yaml", ending);
        var plan = CliRunner.Ok("plan", stack);
        Assert.Contains($"  Root mesh:ca/root expires on {Day(today.AddDays(10))} (400 days from trust.renewal.startDate {Day(start)}, the first deploy); it does not renew itself: start its rotation (trust.rotation.phase: trustBoth, then switch one cluster per deploy, then dropOld) by {Day(today.AddDays(-20))}, 30 days before\n", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains($": warning: root mesh:ca/root expires on {Day(today.AddDays(10))}, in 10 days (within the 30-day window): start its rotation now (trust.rotation.phase: trustBoth), a rotation takes several deploys\n", plan.Stderr, StringComparison.Ordinal);

        var output = temp.Combine("out");
        var render = CliRunner.Ok("render", stack, "--out", output);
        Assert.Contains("warning: root mesh:ca/root expires on", render.Stderr, StringComparison.Ordinal);
        var root = File.ReadAllText(Directory.GetFiles(Path.Combine(output, "mesh"), "*certificate-ca-root.yaml").Single());
        Assert.Contains($"expiry:\n  expiresOn: \"{Day(today.AddDays(10))}\"\n  rotateBy: \"{Day(today.AddDays(-20))}\"\n  windowDays: 30\n", root, StringComparison.Ordinal);

        // The dev stack (no renewal clock) names what it does not know, and warns of nothing.
        var dev = CliRunner.Ok("plan", Repo.DevStack);
        Assert.Contains("  Root mesh:ca/root: valid 3650 days from the deploy that created it, a day the stack file does not record (set trust.renewal.startDate to it to see the date here); doctor reports the live root's expiry; it does not renew itself: rotate it (trust.rotation) at least 90 days before it ends\n", dev.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("warning: root", dev.Stderr, StringComparison.Ordinal);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void VerifyAgainstTheDeployedStackTracesEveryStateOfTheStep()
    {
        using var temp = new TempDirectory();
        var allowed = CliRunner.Ok("verify", temp.File("Pulumi.next.yaml", SwitchOne), "--deployed", temp.File("Pulumi.deployed.yaml", TrustBoth)).Stdout;
        Assert.EndsWith(" over 4 states, 0 failed\n", allowed, StringComparison.Ordinal);

        // The same step over a mesh that never trusted both roots: the file claims trustBoth was deployed.
        var skipped = CliRunner.Run("verify", temp.File("Pulumi.skip.yaml", SwitchOne), "--deployed", temp.File("Pulumi.dev.yaml", Dev));
        Assert.Equal(2, skipped.ExitCode);
        var lines = skipped.Stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("clients deployed, servers next: ", StringComparison.Ordinal) && l.EndsWith(" cases, 5 failed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  FAIL cluster2/meshinfra-probe/client -> details.default.global:9080 (ServerCertificateUntrusted): tls: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  FAIL cluster1/meshinfra-probe/client -> httpbin.bar.global:8000 (ClientCertificateUntrusted): tls: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("clients next, servers next: ", StringComparison.Ordinal) && l.EndsWith(" cases, 0 failed", StringComparison.Ordinal));
    }
}
