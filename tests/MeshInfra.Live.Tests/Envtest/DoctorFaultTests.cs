using System.Net;
using System.Net.Sockets;
using MeshInfra.Envtest;
using MeshInfra.Live.Tests.Support;

namespace MeshInfra.Live.Tests.Envtest;

/// <summary>
/// Each fault of issue 14, seeded one at a time on the healthy dev mesh, gives exactly its finding
/// (the other cluster is still read and still healthy); each test puts the state back.
/// </summary>
[Collection(EnvtestClusters.Collection)]
public sealed class DoctorFaultTests(MeshClusters mesh)
{
    [EnvtestFact]
    public void The_healthy_mesh_gives_exit_0_and_a_json_report_with_no_findings()
    {
        var report = Report.Of(mesh.Doctor("--format", "json"));
        Assert.True(report.ExitCode == 0 && report.Findings.Count == 0, report.Raw);
        Assert.Contains("\"serverVersion\": \"v1.32.13\"", report.Raw, StringComparison.Ordinal);
    }

    [EnvtestFact]
    public void An_unknown_context_is_one_unreachable_finding_and_the_other_cluster_is_still_checked()
    {
        var report = Report.Of(InProcessCli.Run("doctor", mesh.StackPath, "--kubeconfig", mesh.KubeconfigPath,
            "--context", "cluster1=envtest-a", "--context", "cluster2=no-such-context", "--format", "json"));
        var finding = report.Single();
        Assert.Equal(("cluster2", "unreachable", "context no-such-context"), (finding.Cluster, finding.Kind, finding.Object));
        Assert.Equal($"context 'no-such-context' is not in --kubeconfig {mesh.KubeconfigPath} (it has envtest-a, envtest-b)", finding.Message);
        Assert.Contains("--context cluster2=CONTEXT", finding.Fix, StringComparison.Ordinal);
    }

    [EnvtestFact]
    public void A_missing_kubeconfig_is_one_finding_per_cluster()
    {
        var missing = Path.Combine(mesh.Root, "absent.kubeconfig");
        var report = Report.Of(InProcessCli.Run("doctor", mesh.StackPath, "--kubeconfig", missing, "--format", "json"));
        Assert.Equal(2, report.ExitCode);
        Assert.Equal(["cluster1", "cluster2"], report.Findings.Select(f => f.Cluster));
        Assert.All(report.Findings, f => Assert.Equal($"kubeconfig {missing} does not exist", f.Message));
    }

    [EnvtestFact]
    public void An_expired_token_is_a_401_finding_naming_the_context()
    {
        var kubeconfig = Kubeconfig.Write(Path.Combine(mesh.Root, "expired.kubeconfig"), [
            new KubeconfigContext("envtest-a", mesh.Server("cluster1"), mesh.Server("cluster1").AdminToken),
            new KubeconfigContext("envtest-b", mesh.Server("cluster2"), "expired-or-revoked-token"),
        ]);
        var finding = Report.Of(mesh.DoctorWith(kubeconfig, "--format", "json")).Single();
        Assert.Equal(("cluster2", "unreachable"), (finding.Cluster, finding.Kind));
        Assert.Equal($"{mesh.Server("cluster2").Url} refused the credentials of context envtest-b (401 Unauthorized): the token has expired or is not valid", finding.Message);
    }

    [EnvtestFact]
    public void A_server_nobody_listens_on_is_a_connection_finding()
    {
        var port = ClosedPort();
        var kubeconfig = HandWrittenKubeconfig("refused.kubeconfig", $"https://127.0.0.1:{port}");
        var finding = Report.Of(mesh.DoctorWith(kubeconfig, "--format", "json")).Single();
        Assert.Equal(("cluster2", "unreachable", "context envtest-b"), (finding.Cluster, finding.Kind, finding.Object));
        Assert.StartsWith($"cannot connect to https://127.0.0.1:{port}", finding.Message, StringComparison.Ordinal);
    }

    [EnvtestFact]
    public async Task A_server_that_never_answers_times_out_within_the_flag()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Add(await silent.AcceptTcpClientAsync());
                }
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        });
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var kubeconfig = HandWrittenKubeconfig("silent.kubeconfig", $"https://127.0.0.1:{port}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var finding = Report.Of(mesh.DoctorWith(kubeconfig, "--timeout", "2", "--format", "json")).Single();
        clock.Stop();
        silent.Stop();
        await accepting;
        accepted.ForEach(c => c.Dispose());
        Assert.Equal(("cluster2", "unreachable"), (finding.Cluster, finding.Kind));
        Assert.Equal($"https://127.0.0.1:{port} did not answer every read within 2 s", finding.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"doctor took {clock.Elapsed}");
    }

    [EnvtestFact]
    public void An_exec_credential_plugin_gives_the_token_as_kubectl_runs_it()
    {
        var result = mesh.DoctorWith(ExecKubeconfig("exec-ok", $"printf '{{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{{\"token\":\"%s\"}}}}' \"$ENVTEST_TOKEN\""));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [EnvtestFact]
    public void A_failing_exec_credential_plugin_is_one_finding()
    {
        var finding = Report.Of(mesh.DoctorWith(ExecKubeconfig("exec-fails", "echo 'token expired, run login' >&2; exit 1"), "--format", "json")).Single();
        Assert.Equal(("cluster2", "unreachable", "context envtest-b"), (finding.Cluster, finding.Kind, finding.Object));
        Assert.StartsWith($"context 'envtest-b': its exec credential plugin ({Path.Combine(mesh.Root, "exec-fails.sh")}) failed: ", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>A kubeconfig whose envtest-b user is an exec plugin (a shell script with this body), envtest-a an admin token.</summary>
    private string ExecKubeconfig(string name, string script)
    {
        var plugin = Path.Combine(mesh.Root, name + ".sh");
        File.WriteAllText(plugin, "#!/bin/sh\n" + script + "\n");
        if (!OperatingSystem.IsWindows())
        {
            // envtest's binaries are Linux ones; the plugin is a shell script like them.
            File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        }

        var path = Kubeconfig.Write(Path.Combine(mesh.Root, name + ".kubeconfig"), [
            new KubeconfigContext("envtest-a", mesh.Server("cluster1"), mesh.Server("cluster1").AdminToken),
            new KubeconfigContext("envtest-b", mesh.Server("cluster2"), "replaced-by-exec"),
        ]);
        var text = File.ReadAllText(path).Replace(
            "    token: \"replaced-by-exec\"\n",
            $"    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: \"{plugin}\"\n      interactiveMode: Never\n      env:\n      - name: ENVTEST_TOKEN\n        value: \"{mesh.Server("cluster2").AdminToken}\"\n",
            StringComparison.Ordinal);
        File.WriteAllText(path, text);
        return path;
    }

    private string HandWrittenKubeconfig(string name, string secondServer)
    {
        var first = mesh.Server("cluster1");
        var path = Path.Combine(mesh.Root, name);
        string[] lines =
        [
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: envtest-a",
            $"  cluster: {{server: \"{first.Url}\", certificate-authority-data: {Convert.ToBase64String(first.CaPem)}}}",
            "- name: envtest-b",
            $"  cluster: {{server: \"{secondServer}\", insecure-skip-tls-verify: true}}",
            "users:",
            "- name: envtest-a",
            $"  user: {{token: \"{first.AdminToken}\"}}",
            "- name: envtest-b",
            "  user: {token: any}",
            "contexts:",
            "- name: envtest-a",
            "  context: {cluster: envtest-a, user: envtest-a}",
            "- name: envtest-b",
            "  context: {cluster: envtest-b, user: envtest-b}",
        ];
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
