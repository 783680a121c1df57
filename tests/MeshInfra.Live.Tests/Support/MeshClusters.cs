using System.Text.Json.Nodes;
using MeshInfra.Envtest;

namespace MeshInfra.Live.Tests.Support;

/// <summary>
/// The repo's dev stack (two clusters, two networks) deployed on two real API servers: Istio's
/// CRDs, the rendered manifests applied with kubectl, and the kubelet's and controllers' part
/// played (a Node with topology labels, injected Pods, EndpointSlices, the gateways' load balancer
/// addresses, the CoreDNS Corefile with MeshInfra's block). Helm releases are not installed: there
/// is no kubelet to run istiod. A test that seeds a fault puts the state back before it ends.
/// </summary>
public sealed class MeshClusters : EnvtestClusters
{
    public const string Stack = "Pulumi.dev.yaml";

    /// <summary>Stack cluster, envtest server, load balancer addresses (east-west, ingress), node region and zone.</summary>
    public static readonly IReadOnlyList<(string Cluster, string Server, string EastWest, string Ingress, string Region, string Zone)> Layout =
    [
        ("cluster1", "envtest-a", "198.51.100.1", "198.51.100.11", "europe-west1", "europe-west1-b"),
        ("cluster2", "envtest-b", "198.51.100.2", "198.51.100.12", "us-east1", "us-east1-c"),
    ];

    /// <summary>
    /// The dev stack with each cluster's region and zone in its labels (the dev stack names none):
    /// the localities its ServiceEntries give remote endpoints, which the nodes' labels must match.
    /// </summary>
    public string StackPath => Path.Combine(Root, "stack", Stack);

    public string RenderFolder => Path.Combine(Root, "render");

    /// <summary>How long rendering, applying and playing the controllers took.</summary>
    public TimeSpan DeployTime { get; private set; }

    public ApiServer Server(string cluster) => this[Layout.Single(l => l.Cluster == cluster).Server];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        if (Servers.Count == 0)
        {
            return;
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        WriteStack();
        var render = InProcessCli.Run([
            "render", StackPath, "--out", RenderFolder, "--layout", "kubectl",
            .. Layout.SelectMany(l => new[] { "--set", $"{l.Cluster}.gatewayAddress={l.EastWest}", "--set", $"{l.Cluster}.ingressAddress={l.Ingress}" }),
        ]);
        if (render.ExitCode != 0)
        {
            throw new InvalidOperationException($"render failed: {render}");
        }

        await Task.WhenAll(Layout.Select(DeployAsync));
        DeployTime = started.Elapsed;
    }

    private void WriteStack()
    {
        var repo = SharedReference.RepoRoot();
        Directory.CreateDirectory(Path.GetDirectoryName(StackPath)!);
        File.Copy(Path.Combine(repo, "Pulumi.yaml"), Path.Combine(Path.GetDirectoryName(StackPath)!, "Pulumi.yaml"), overwrite: true);
        var text = File.ReadAllText(Path.Combine(repo, Stack));
        foreach (var (cluster, _, _, _, region, zone) in Layout)
        {
            var network = $"        network: network{cluster[^1]}\n";
            if (!text.Contains(network, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{Stack} no longer has '{network.Trim()}' for {cluster}: update MeshClusters.WriteStack");
            }

            text = text.Replace(network, $"{network}        labels:\n          region: {region}\n          zone: {zone}\n", StringComparison.Ordinal);
        }

        File.WriteAllText(StackPath, text);
    }

    private async Task DeployAsync((string Cluster, string Server, string EastWest, string Ingress, string Region, string Zone) l)
    {
        var server = this[l.Server];
        await server.ApplyFileAsync(Path.Combine(RenderFolder, l.Cluster, "manifests"));
        var node = $"{l.Cluster}-node-1";
        await Kubelet.NodeAsync(server, node, l.Region, l.Zone);
        var pods = await Kubelet.PodsAsync(server, node, l.Cluster == "cluster1" ? 1 : 2);
        await Kubelet.EndpointSlicesAsync(server, pods, node, l.Zone);
        await Kubelet.LoadBalancerAsync(server, "istio-eastwestgateway", l.EastWest);
        await Kubelet.LoadBalancerAsync(server, "istio-ingressgateway", l.Ingress);
        await IstiodAsync(server, IstioVersion);
        await CorednsAsync(server, File.ReadAllText(Path.Combine(RenderFolder, l.Cluster, "coredns", "global.server")));
    }

    /// <summary>The dev stack's istio.version: the tag of the istiod image the istiod chart would deploy.</summary>
    public const string IstioVersion = "1.31.1";

    /// <summary>istiod's Deployment as the istiod chart makes it (the image tag is the Istio version it runs).</summary>
    public static Task IstiodAsync(ApiServer server, string version) => Kubelet.ApplyJsonAsync(server, new JsonObject
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = "istiod", ["namespace"] = "istio-system", ["labels"] = new JsonObject { ["app"] = "istiod", ["istio.io/rev"] = "default" } },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "istiod" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "istiod", ["istio.io/rev"] = "default" } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "discovery", ["image"] = $"docker.io/istio/pilot:{version}" }) },
            },
        },
    });

    /// <summary>The kube-system/coredns ConfigMap of a kubeadm cluster, with MeshInfra's block added as apply.sh asks.</summary>
    public static Task CorednsAsync(ApiServer server, string? block) => Kubelet.ApplyJsonAsync(server, new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = "coredns", ["namespace"] = "kube-system" },
        ["data"] = new JsonObject
        {
            ["Corefile"] = ".:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\n" + (block ?? ""),
        },
    });

    /// <summary>Runs doctor on the dev stack through the envtest kubeconfig, each stack cluster mapped to its server's context.</summary>
    public CliResult Doctor(params string[] extra) => DoctorWith(KubeconfigPath, extra);

    /// <summary>Runs doctor through another kubeconfig holding contexts envtest-a and envtest-b.</summary>
    public CliResult DoctorWith(string kubeconfig, params string[] extra) => InProcessCli.Run([
        "doctor", StackPath, "--kubeconfig", kubeconfig,
        .. Layout.SelectMany(l => new[] { "--context", $"{l.Cluster}={l.Server}" }),
        .. extra,
    ]);
}
