using System.Diagnostics;
using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Tests.Config;

/// <summary>The verify command that checks a context's API server against Istio's Kubernetes range (1.32 to 1.36).</summary>
public sealed class KubernetesVersionCheckTests
{
    [Fact]
    public void TheCommandReadsTheServersVersionOfThatContext()
    {
        var command = KubernetesVersionCheck.Command("kind-cluster1", "1.31.1");
        Assert.Equal(
            "kubectl --context kind-cluster1 get --raw /version | grep -Eq '\"minor\": *\"(32|33|34|35|36)\\+?\"' "
            + "&& echo 'kind-cluster1: Kubernetes 1.32 to 1.36, supported by Istio 1.31.1' "
            + "|| { kubectl --context kind-cluster1 version; echo 'kind-cluster1: Istio 1.31.1 supports Kubernetes 1.32 to 1.36 only'; }",
            command);
    }

    [Theory]
    [InlineData("32", true)]
    [InlineData("33+", true)]
    [InlineData("36", true)]
    [InlineData("31", false)]
    [InlineData("37", false)]
    [InlineData("3", false)]
    public void ThePatternAcceptsExactlyTheSupportedMinors(string minor, bool supported)
    {
        // Runs the command's own grep over a /version body, with kubectl replaced by a function.
        var body = $$"""{ "major": "1", "minor": "{{minor}}", "gitVersion": "v1.{{minor.TrimEnd('+')}}.0" }""";
        var script = $"kubectl() {{ if [ \"$3\" = get ]; then printf '%s\\n' '{body}'; fi; }}; {KubernetesVersionCheck.Command("ctx", "1.31.1")}";
        var start = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true };
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        Assert.Equal(supported, output.Contains("ctx: Kubernetes 1.32 to 1.36, supported by Istio 1.31.1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ctx'; touch PWNED; echo '")]
    [InlineData("ctx $(touch PWNED)")]
    [InlineData("ctx`touch PWNED`")]
    public void AContextIsOneWordThatNeverRunsAsCode(string context)
    {
        // The command is printed for a person to paste: kubectl must get the context as one argument,
        // and nothing in it may run, whichever branch the check takes.
        var dir = Directory.CreateTempSubdirectory("k8s-version-check-");
        try
        {
            var script = $"kubectl() {{ printf '%s\\n' \"$2\" >> contexts; }}; {KubernetesVersionCheck.Command(context, "1.31.1")}";
            var start = new ProcessStartInfo("bash", ["-c", script]) { WorkingDirectory = dir.FullName, RedirectStandardOutput = true };
            using var bash = Process.Start(start)!;
            var output = bash.StandardOutput.ReadToEnd();
            bash.WaitForExit();
            Assert.False(File.Exists(Path.Combine(dir.FullName, "PWNED")));
            Assert.Equal([context, context], File.ReadAllLines(Path.Combine(dir.FullName, "contexts")));
            Assert.Contains($"{context}: Istio 1.31.1 supports Kubernetes 1.32 to 1.36 only", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
