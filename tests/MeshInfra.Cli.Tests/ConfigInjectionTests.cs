using MeshInfra.Cli.Rendering;
using MeshInfra.Model;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// Config is data, never code: every value that reaches the kubectl layout's apply.sh (contexts,
/// kubeconfig paths, names, the chart repository) either arrives as exactly one argument of the
/// stand-in kubectl or helm, or is refused with exit 2 before anything is written; no value reaches
/// a comment, and no control character reaches a terminal.
/// </summary>
public sealed class ConfigInjectionTests
{
    private const string Marker = "PWNED";
    private static readonly string Dev = File.ReadAllText(Repo.DevStack);

    public static TheoryData<string> HostileContexts => new()
    {
        "kind-$(touch PWNED)",
        "kind-`touch PWNED`",
        "kind'; touch PWNED; echo '",
        "kind\" ; touch PWNED ; \"",
        "kind cluster1 && touch PWNED",
        "INSTRUCTIONS",
        "kind-${PATH:+PWNED}*",
    };

    [Theory]
    [MemberData(nameof(HostileContexts))]
    public void AContextReachesKubectlAndHelmAsOneArgumentAndRunsNothing(string context)
    {
        using var temp = new TempDirectory();
        var stack = temp.File("Pulumi.dev.yaml", Dev.Replace("context: kind-cluster1", $"context: {YamlSingleQuoted(context)}", StringComparison.Ordinal));
        var (run, calls) = RenderAndRun(temp, stack);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.False(File.Exists(temp.Combine(Marker)), "a config value ran as a command");
        Assert.NotEmpty(calls);
        // The CA check also reads cluster2's cacerts root (through cluster2's own, unchanged context).
        foreach (var call in calls.Where(c => !c.Contains("kind-cluster2")))
        {
            var flag = call[0] == "kubectl" ? "--context" : "--kube-context";
            var at = Array.IndexOf(call, flag);
            Assert.True(at > 0, string.Join(" | ", call));
            Assert.Equal(context, call[at + 1]);
        }

        // The printed manual step (the Corefile edit) shows the command with the context quoted, once.
        Assert.Contains("MANUAL STEP (CoreDNS)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"kubectl --context {ShellWords.Quote(context)} -n kube-system edit configmap coredns", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AKubeconfigPathReachesBothToolsAsOneArgument()
    {
        const string path = "/tmp/kube $(touch PWNED)/it's `x`";
        using var temp = new TempDirectory();
        var stack = temp.File("Pulumi.dev.yaml", Dev.Replace("        context: kind-cluster1\n", $"        context: kind-cluster1\n        kubeconfig: {YamlSingleQuoted(path)}\n", StringComparison.Ordinal));
        var (run, calls) = RenderAndRun(temp, stack);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.False(File.Exists(temp.Combine(Marker)));
        // The CA check also reads cluster2's cacerts root, through cluster2's own kubeconfig (none given).
        Assert.All(calls.Where(c => !c.Contains("kind-cluster2")), call => Assert.Equal(path, call[Array.IndexOf(call, "--kubeconfig") + 1]));
    }

    [Fact]
    public void WithAnInlineKubeconfigNoConfigValueIsWrittenIntoAComment()
    {
        const string context = "kind-$(touch PWNED)";
        using var temp = new TempDirectory();
        var inline = "        kubeconfig: |\n          apiVersion: v1\n          kind: Config\n";
        var stack = temp.File("Pulumi.dev.yaml", Dev.Replace("        context: kind-cluster1\n", $"        context: {YamlSingleQuoted(context)}\n{inline}", StringComparison.Ordinal));
        var (run, _) = RenderAndRun(temp, stack);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.False(File.Exists(temp.Combine(Marker)));
        var script = File.ReadAllLines(temp.Combine("out", "cluster1", KubectlRenderer.Script));
        Assert.Contains("# The stack gives cluster cluster1's kubeconfig inline, which is not written here: make its context", script);
        Assert.DoesNotContain(script, l => l.TrimStart().StartsWith('#') && l.Contains(Marker, StringComparison.Ordinal));
        Assert.DoesNotContain(script, l => l.Contains("<<", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("context", "kind\\ntouch PWNED", "mesh.clusters[0].context: holds the character U+000A")]
    [InlineData("context", "kind\\rx", "mesh.clusters[0].context: holds the character U+000D")]
    [InlineData("context", "kind\\e[31mred", "mesh.clusters[0].context: holds the character U+001B")]
    [InlineData("context", "kind\\u202Ex", "mesh.clusters[0].context: holds the character U+202E")]
    [InlineData("context", "--insecure-skip-tls-verify", "mesh.clusters[0].context: '--insecure-skip-tls-verify' starts with '-'")]
    [InlineData("kubeconfig", "/tmp/k\\tx", "mesh.clusters[0].kubeconfig: holds the character U+0009")]
    [InlineData("kubeconfig", "-x", "mesh.clusters[0].kubeconfig: '-x' starts with '-'")]
    public void AControlCharacterOrAnOptionInAProviderValueIsRefusedBeforeAnythingIsWritten(string key, string yamlEscaped, string error)
    {
        using var temp = new TempDirectory();
        var line = $"        {key}: \"{yamlEscaped}\"\n";
        var text = key == "context"
            ? Dev.Replace("        context: kind-cluster1\n", line, StringComparison.Ordinal)
            : Dev.Replace("        context: kind-cluster1\n", "        context: kind-cluster1\n" + line, StringComparison.Ordinal);
        var stack = temp.File("Pulumi.dev.yaml", text);

        var render = CliRunner.Run(["render", stack, "--out", temp.Combine("out"), "--layout", "kubectl", .. KubectlRender.AllSets(RepoStacks.Dev.Plan)]);
        Assert.Equal(2, render.ExitCode);
        Assert.Contains(error, render.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("out")));

        // plan refuses it the same way, and nothing it prints carries a control character.
        var plan = CliRunner.Run("plan", stack);
        Assert.Equal(2, plan.ExitCode);
        Assert.DoesNotContain(plan.Stdout + plan.Stderr, c => char.IsControl(c) && c != '\n');
    }

    [Fact]
    public void AnEscapeInARouteHeaderValueIsRefused()
    {
        using var temp = new TempDirectory();
        var stack = temp.File("Pulumi.dev.yaml", Dev.Replace("exact: jason", "exact: \"jason\\e]0;title\\a\"", StringComparison.Ordinal));
        var plan = CliRunner.Run("plan", stack);
        Assert.Equal(2, plan.ExitCode);
        Assert.Contains("mesh.routes[0].http[0].match.headers.end-user.exact: holds the character U+001B", plan.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Stdout + plan.Stderr, c => char.IsControl(c) && c != '\n');
    }

    [Fact]
    public void DiffShowsAContextOrKubeconfigChangeThatNoResourceHolds()
    {
        using var temp = new TempDirectory();
        var moved = Dev.Replace("        context: kind-cluster1\n", "        context: kind-other\n        kubeconfig: /etc/other.kubeconfig\n", StringComparison.Ordinal);
        var stdout = CliRunner.Ok("diff", temp.File("Pulumi.old.yaml", Dev), temp.File("Pulumi.new.yaml", moved)).Stdout;
        Assert.Contains("\n  ! cluster cluster1: context \"kind-cluster1\" -> \"kind-other\"\n", stdout, StringComparison.Ordinal);
        Assert.Contains("\n  ! cluster cluster1: kubeconfig (the ambient kubeconfig) -> \"/etc/other.kubeconfig\"\n", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("No changes", stdout, StringComparison.Ordinal);

        // An inline kubeconfig's contents (credentials) are never printed, only that it changed.
        var inline = Dev.Replace("        context: kind-cluster1\n", "        context: kind-cluster1\n        kubeconfig: |\n          token: s3cr3t\n", StringComparison.Ordinal);
        var secret = CliRunner.Ok("diff", temp.File("Pulumi.a.yaml", Dev), temp.File("Pulumi.b.yaml", inline)).Stdout;
        Assert.Contains("  ! cluster cluster1: kubeconfig (the ambient kubeconfig) -> (inline, not shown)", secret, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", secret, StringComparison.Ordinal);
    }

    private static (ScriptRun Run, List<string[]> Calls) RenderAndRun(TempDirectory temp, string stack)
    {
        CliRunner.Ok(["render", stack, "--out", temp.Combine("out"), "--layout", "kubectl", .. KubectlRender.AllSets(RepoStacks.Dev.Plan)]);
        var ca = temp.Combine("ca");
        // apply.sh checks the CA files are one CA of the mesh before anything is applied: real ones.
        CaFiles.Write(ca, CaFiles.Root("root"), "cluster1");

        var run = StubbedScript.Run(temp, temp.Combine("out", "cluster1", KubectlRenderer.Script), ca, out var calls);
        return (run, calls);
    }

    private static string YamlSingleQuoted(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
