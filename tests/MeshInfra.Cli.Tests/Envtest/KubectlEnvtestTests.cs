using System.Diagnostics;
using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Tests.Support;
using MeshInfra.Envtest;

namespace MeshInfra.Cli.Tests.Envtest;

/// <summary>
/// The kubectl layout on a real API server (kube-apiserver 1.32 with Istio's CRDs, real kubectl; Helm
/// stood in by a recorder, since no chart is installed here): a second render without a route and a
/// service, applied with its apply.sh, deletes exactly those objects, and nothing else is touched,
/// objects without MeshInfra's labels included.
/// </summary>
[Collection(EnvtestClusters.Collection)]
public sealed class KubectlEnvtestTests(EnvtestClusters clusters)
{
    /// <summary>Every kind the dev stack renders into cluster1, plus the namespaces, for before/after snapshots.</summary>
    private const string Kinds = "namespaces,services,serviceaccounts,deployments.apps,serviceentries.networking.istio.io,destinationrules.networking.istio.io,virtualservices.networking.istio.io,gateways.networking.istio.io,peerauthentications.security.istio.io,secrets";

    /// <summary>The dev stack pointed at the envtest servers' contexts.</summary>
    private static string DevOnEnvtest(string text) => text
        .Replace("context: kind-cluster1", "context: envtest-a", StringComparison.Ordinal)
        .Replace("context: kind-cluster2", "context: envtest-b", StringComparison.Ordinal);

    private static readonly string Dev = DevOnEnvtest(File.ReadAllText(Repo.DevStack));

    /// <summary>The dev stack without its reviews route and without the sleep sample (its Service, ServiceAccount and Deployment).</summary>
    private static string WithoutRouteAndSleep()
    {
        var start = Dev.IndexOf("    routes:\n", StringComparison.Ordinal);
        var withoutRoute = start < 0 ? Dev : Dev[..start] + string.Concat(Dev[start..].Split('\n').Skip(1).SkipWhile(l => l.StartsWith("      ", StringComparison.Ordinal) || l.Length == 0).Select(l => l + "\n"));
        return withoutRoute.Replace("      sleep:\n        cluster: cluster1\n        namespace: foo\n", "", StringComparison.Ordinal);
    }

    private ScriptRun Apply(TempDirectory temp, string script, string cacerts)
    {
        var bin = temp.Combine("bin");
        Directory.CreateDirectory(bin);
        var calls = temp.Combine("helm.log");
        File.WriteAllText(Path.Combine(bin, "helm"), "#!/usr/bin/env bash\necho \"helm $*\" >> \"$CALLS\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(bin, "helm"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PATH"] = $"{bin}:{EnvtestAssets.Require().Folder}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["KUBECONFIG"] = clusters.KubeconfigPath;
        start.Environment["CALLS"] = calls;
        start.Environment[ApplyScript.CacertsVariable] = cacerts;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new ScriptRun(process.ExitCode, stderr.Result, File.Exists(calls) ? [.. File.ReadAllLines(calls)] : []);
    }

    /// <summary>kind/namespace/name = resourceVersion of every object of the snapshot kinds on envtest-a.</summary>
    private async Task<Dictionary<string, string>> Snapshot()
    {
        var listing = (await clusters["envtest-a"].KubectlAsync("get", Kinds, "--all-namespaces", "-o",
            "jsonpath={range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name}={.metadata.resourceVersion}{\"\\n\"}{end}")).EnsureSuccess("snapshot");
        return listing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    private static string Render(TempDirectory temp, string name, string stack)
    {
        File.Copy(Path.Combine(Repo.Root, "Pulumi.yaml"), temp.Combine("Pulumi.yaml"), overwrite: true);
        var path = temp.File("Pulumi.dev.yaml", stack);
        var plan = StackLoader.Load(path).Plan;
        CliRunner.Ok(["render", path, "--out", temp.Combine(name), "--layout", "kubectl", .. KubectlRender.AllSets(plan)]);
        return temp.Combine(name, "cluster1", KubectlRenderer.Script);
    }

    [EnvtestFact]
    public async Task ASecondRenderWithoutARouteAndAServiceDeletesExactlyThoseObjects()
    {
        using var temp = new TempDirectory();
        var ca = temp.Combine("ca");
        CaFiles.Write(ca, CaFiles.Root("root"), "cluster1");
        var api = clusters["envtest-a"];

        var first = Apply(temp, Render(temp, "first", Dev), ca);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains(first.Calls, c => c.StartsWith("helm upgrade --install istiod ", StringComparison.Ordinal));

        // Other people's objects: one in a namespace MeshInfra renders into, one named like an object that will go.
        await api.ApplyAsync("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: team-canary, namespace: istio-system}
            spec: {hosts: [team.example.com], http: [{route: [{destination: {host: team.example.com}}]}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: sleep, namespace: default}
            spec: {ports: [{port: 80}]}
            """);
        var before = await Snapshot();

        var second = Apply(temp, Render(temp, "second", WithoutRouteAndSleep()), ca);
        Assert.True(second.ExitCode == 0, second.Stderr);
        var after = await Snapshot();

        var gone = before.Keys.Except(after.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "Deployment/foo/sleep",
                "Service/foo/sleep",
                "ServiceAccount/foo/sleep",
                "VirtualService/istio-system/reviews.default.global",
                "VirtualService/istio-system/reviews.default.global.exported",
            ],
            gone.Where(k => !k.StartsWith("Secret/", StringComparison.Ordinal)));
        Assert.Empty(after.Keys.Except(before.Keys));
        // Nothing else was written: the same resourceVersion, ours and other people's alike.
        var touched = after.Where(a => before[a.Key] != a.Value).Select(a => a.Key).ToList();
        Assert.Empty(touched);
        Assert.Equal(before["VirtualService/istio-system/team-canary"], after["VirtualService/istio-system/team-canary"]);
        Assert.Contains("Namespace//foo", after.Keys);
        Assert.Contains("apply.sh: namespace foo is no longer rendered and is kept", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("apply.sh: deleting VirtualService istio-system/reviews.default.global: this stack no longer renders it", second.Stderr, StringComparison.Ordinal);

        // Put the cluster back for the collection's other tests.
        await api.KubectlAsync("delete", "namespace", "foo", "--wait=false");
        await api.KubectlAsync("delete", "virtualservice.networking.istio.io", "-n", "istio-system", "team-canary");
        await api.KubectlAsync("delete", "service", "-n", "default", "sleep");
    }
}
