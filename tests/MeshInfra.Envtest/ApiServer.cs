using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeshInfra.Envtest;

/// <summary>
/// One real Kubernetes API server and its etcd, on their own loopback ports and data folder: a
/// "cluster" with no kubelet, scheduler or controllers (tests create Nodes, Pods and EndpointSlices
/// themselves). Authentication is by bearer token: <see cref="AdminToken"/> is in system:masters,
/// <see cref="UnprivilegedToken"/> is a user with no groups and no bindings (grant it what a test
/// needs with RBAC), and <see cref="ServiceAccountTokenAsync"/> mints a token for a ServiceAccount.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    /// <summary>The user behind <see cref="UnprivilegedToken"/>; bind roles to this name.</summary>
    public const string UnprivilegedUser = "envtest-unprivileged";

    private readonly EnvtestAssets _assets;
    private readonly List<Process> _processes = [];

    private ApiServer(EnvtestAssets assets, string name, string folder)
    {
        _assets = assets;
        Name = name;
        Folder = folder;
        AdminToken = NewToken();
        UnprivilegedToken = NewToken();
        AdminKubeconfig = Path.Combine(folder, "admin.kubeconfig");
    }

    public string Name { get; }

    /// <summary>The folder holding etcd's data, the certificates, the logs and the admin kubeconfig; deleted on dispose.</summary>
    public string Folder { get; }

    public string Url { get; private set; } = "";

    public byte[] CaPem { get; private set; } = [];

    public string AdminToken { get; }

    public string UnprivilegedToken { get; }

    /// <summary>A kubeconfig with one context, named after the server, in system:masters.</summary>
    public string AdminKubeconfig { get; }

    public string ApiServerLog => Path.Combine(Folder, "kube-apiserver.log");

    /// <summary>Starts etcd, then kube-apiserver, and returns when /readyz answers ok and the default namespace exists.</summary>
    public static async Task<ApiServer> StartAsync(EnvtestAssets assets, string name, string parentFolder, CancellationToken cancel = default)
    {
        var folder = Path.Combine(parentFolder, name);
        Directory.CreateDirectory(folder);
        var server = new ApiServer(assets, name, folder);
        try
        {
            await server.StartProcessesAsync(cancel);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    private async Task StartProcessesAsync(CancellationToken cancel)
    {
        var certificates = ServerCertificates.Write(Folder);
        CaPem = certificates.CaPem;
        var tokens = Path.Combine(Folder, "tokens.csv");
        File.WriteAllText(tokens, $"{AdminToken},envtest-admin,envtest-admin,\"system:masters\"\n{UnprivilegedToken},{UnprivilegedUser},{UnprivilegedUser}\n");

        var etcdPort = FreePort.Next();
        var peerPort = FreePort.Next();
        var etcdUrl = $"http://127.0.0.1:{etcdPort}";
        Start(_assets.Etcd, "etcd.log",
            "--name", Name,
            "--data-dir", Path.Combine(Folder, "etcd"),
            "--listen-client-urls", etcdUrl,
            "--advertise-client-urls", etcdUrl,
            "--listen-peer-urls", $"http://127.0.0.1:{peerPort}",
            "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}",
            "--initial-cluster", $"{Name}=http://127.0.0.1:{peerPort}",
            "--unsafe-no-fsync");
        using (var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(2) })
        {
            await WaitUntilAsync("etcd /health", Path.Combine(Folder, "etcd.log"), async () =>
                (await plain.GetAsync(new Uri($"{etcdUrl}/health"), cancel)).IsSuccessStatusCode, cancel);
        }

        var port = FreePort.Next();
        Url = $"https://127.0.0.1:{port}";
        Start(_assets.KubeApiServer, "kube-apiserver.log",
            $"--etcd-servers={etcdUrl}",
            $"--secure-port={port}",
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            $"--cert-dir={Folder}",
            $"--tls-cert-file={certificates.CertFile}",
            $"--tls-private-key-file={certificates.KeyFile}",
            $"--token-auth-file={tokens}",
            "--authorization-mode=RBAC",
            "--service-cluster-ip-range=10.96.0.0/16",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            $"--service-account-key-file={certificates.ServiceAccountKeyFile}",
            $"--service-account-signing-key-file={certificates.ServiceAccountKeyFile}",
            // No controllers run, so nothing would ever mint the ServiceAccount admission's tokens.
            "--disable-admission-plugins=ServiceAccount",
            "--allow-privileged=true");

        using var client = AdminHttpClient();
        await WaitUntilAsync("kube-apiserver /readyz", ApiServerLog, async () =>
        {
            using var ready = await client.GetAsync(new Uri($"{Url}/readyz"), cancel);
            if (!ready.IsSuccessStatusCode)
            {
                return false;
            }

            using var ns = await client.GetAsync(new Uri($"{Url}/api/v1/namespaces/default"), cancel);
            return ns.IsSuccessStatusCode;
        }, cancel);

        Kubeconfig.Write(AdminKubeconfig, [new KubeconfigContext(Name, this, AdminToken)]);
    }

    /// <summary>An HttpClient that trusts only this server's CA and sends the admin token.</summary>
    public HttpClient AdminHttpClient()
    {
        var ca = X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(CaPem));
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        };
        var client = new HttpClient(handler, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    /// <summary>Runs the envtest kubectl as system:masters against this server.</summary>
    public Task<KubectlResult> KubectlAsync(params string[] args) => RunKubectlAsync(null, args);

    /// <summary>Runs kubectl with the given stdin (for <c>apply -f -</c>).</summary>
    public Task<KubectlResult> KubectlWithInputAsync(string stdin, params string[] args) => RunKubectlAsync(stdin, args);

    private async Task<KubectlResult> RunKubectlAsync(string? stdin, string[] args)
    {
        var start = new ProcessStartInfo(_assets.Kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--kubeconfig={AdminKubeconfig}");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Applies YAML (server-side, so large objects such as CRDs carry no last-applied annotation).</summary>
    public async Task ApplyAsync(string yaml) =>
        (await KubectlWithInputAsync(yaml, "apply", "--server-side", "--force-conflicts", "-f", "-")).EnsureSuccess("apply");

    /// <summary>Applies a file or folder (server-side).</summary>
    public async Task ApplyFileAsync(string path) =>
        (await KubectlAsync("apply", "--server-side", "--force-conflicts", "-f", path)).EnsureSuccess($"apply -f {path}");

    /// <summary>Installs CRDs from a file and waits until the API server serves them.</summary>
    public async Task InstallCrdsAsync(string crdFile)
    {
        await ApplyFileAsync(crdFile);
        (await KubectlAsync("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s")).EnsureSuccess("wait for CRDs");
    }

    /// <summary>
    /// A bearer token for a ServiceAccount (created if missing, and its namespace too), minted by the
    /// API server's TokenRequest: the identity a least-privilege job runs as.
    /// </summary>
    public async Task<string> ServiceAccountTokenAsync(string ns, string name)
    {
        // create, not apply: an apply of a bare Namespace would take away fields (labels) that an
        // earlier apply by the same field manager set.
        await CreateUnlessPresentAsync("namespace", ns);
        await CreateUnlessPresentAsync("serviceaccount", name, "-n", ns);
        var result = (await KubectlAsync("create", "token", name, "-n", ns, "--duration=2h")).EnsureSuccess("create token");
        return result.Stdout.Trim();
    }

    private async Task CreateUnlessPresentAsync(params string[] what)
    {
        var result = await KubectlAsync(["create", .. what]);
        if (result.ExitCode != 0 && !result.Stderr.Contains("already exists", StringComparison.Ordinal))
        {
            result.EnsureSuccess($"create {string.Join(' ', what)}");
        }
    }

    private void Start(string binary, string logName, params string[] args)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var log = new StreamWriter(Path.Combine(Folder, logName), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var gate = new object();
        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                log.WriteLine(line);
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Exited += (_, _) => { lock (gate) { log.Flush(); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    private async Task WaitUntilAsync(string what, string logFile, Func<Task<bool>> ready, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            cancel.ThrowIfCancellationRequested();
            if (_processes.Find(p => p.HasExited) is { } dead)
            {
                throw new InvalidOperationException($"{Name}: {Path.GetFileName(dead.StartInfo.FileName)} exited ({dead.ExitCode}) before {what} was ready; log: {Tail(logFile)}");
            }

            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
            {
                // A request timed out while the server starts.
            }

            await Task.Delay(100, cancel);
        }

        throw new TimeoutException($"{Name}: {what} not ready within 90 s; log: {Tail(logFile)}");
    }

    private static string Tail(string file)
    {
        try
        {
            var lines = File.ReadAllLines(file);
            return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 15)));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    public async ValueTask DisposeAsync()
    {
        // The API server first, so it never sees its etcd vanish mid-request.
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            var process = _processes[i];
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await process.WaitForExitAsync(wait.Token);
            }
            catch (InvalidOperationException)
            {
                // Never started.
            }
            catch (OperationCanceledException)
            {
                // Left to the OS; the folder is still removed below.
            }

            process.Dispose();
        }

        _processes.Clear();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A log still open by a dying process: the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
