using System.Text;
using System.Text.Json;
using MeshInfra.Envtest;
using MeshInfra.Live.Tests.Support;

namespace MeshInfra.Live.Tests.Envtest;

/// <summary>
/// doctor's root-rotation check on the two API servers: the dev stack at each phase of a rotation,
/// with the public part of each cluster's cacerts Secret and the namespaces' istio-ca-root-cert
/// ConfigMaps seeded as istiod would leave them when the phase is (or is not) complete. Each test
/// deletes what it seeded.
/// </summary>
[Collection(EnvtestClusters.Collection)]
public sealed class RotationPhaseDoctorTests(MeshClusters mesh)
{
    private static readonly TestRoot OldRoot = new("Mesh Root");
    private static readonly TestRoot NewRoot = new("Mesh Root 2");
    private static readonly string Both = OldRoot.Pem + NewRoot.Pem;

    /// <summary>The namespaces whose istio-ca-root-cert is seeded (both exist in every dev cluster).</summary>
    private static readonly string[] Namespaces = ["default", "istio-system"];

    [EnvtestFact]
    public async Task A_complete_trustBoth_phase_has_no_finding_and_says_how_long_to_wait()
    {
        var result = await DoctorAtAsync("phase: trustBoth, from: none", async () =>
        {
            foreach (var cluster in new[] { "cluster1", "cluster2" })
            {
                await SeedAsync(cluster, OldRoot, Both, Namespaces.Select(n => (n, Both)));
            }
        });
        var report = Report.Of(result);
        Assert.True(report.ExitCode == 0 && report.Findings.Count == 0, report.Raw);
        AssertSaysHowLongToWait(result, "trustBoth");
    }

    [EnvtestFact]
    public async Task TrustBoth_with_one_namespace_holding_only_the_old_root_is_one_finding()
    {
        var result = await DoctorAtAsync("phase: trustBoth, from: none", async () =>
        {
            await SeedAsync("cluster1", OldRoot, Both, Namespaces.Select(n => (n, Both)));
            await SeedAsync("cluster2", OldRoot, Both, [("default", OldRoot.Pem), ("istio-system", Both)]);
        });
        var finding = Report.Of(result).Single();
        Assert.Equal(("cluster2", "precondition", "ConfigMap default/istio-ca-root-cert"), (finding.Cluster, finding.Kind, finding.Object));
        Assert.Equal("holds 1 root where phase trustBoth trusts 2 roots (mesh:ca/root + mesh:ca/root-g2) as cacerts root-cert.pem does: istiod has not taken this phase's root-cert.pem, and sidecars started now trust the wrong roots", finding.Message);
        Assert.Contains("ISTIO_MULTIROOT_MESH=true", finding.Fix, StringComparison.Ordinal);
        AssertSaysHowLongToWait(result, "trustBoth");
    }

    [EnvtestFact]
    public async Task Switch_with_the_switched_clusters_intermediate_still_under_the_old_root_is_one_finding()
    {
        var result = await DoctorAtAsync("phase: switch, from: trustBoth, switched: [cluster1]", async () =>
        {
            await SeedAsync("cluster1", OldRoot, Both, Namespaces.Select(n => (n, Both)));
            await SeedAsync("cluster2", OldRoot, Both, Namespaces.Select(n => (n, Both)));
        });
        var finding = Report.Of(result).Single();
        Assert.Equal(("cluster1", "precondition", "Secret istio-system/cacerts"), (finding.Cluster, finding.Kind, finding.Object));
        Assert.Equal("ca-cert.pem (CN=cluster1 intermediate, O=mesh1) does not chain to the new root mesh:ca/root-g2 (CN=Mesh Root 2, O=mesh1) that phase switch names for cluster1: the intermediate of another phase is deployed", finding.Message);
        AssertSaysHowLongToWait(result, "switch");
    }

    [EnvtestFact]
    public async Task A_complete_switch_of_one_cluster_has_no_finding()
    {
        var result = await DoctorAtAsync("phase: switch, from: trustBoth, switched: [cluster1]", async () =>
        {
            await SeedAsync("cluster1", NewRoot, Both, Namespaces.Select(n => (n, Both)));
            await SeedAsync("cluster2", OldRoot, Both, Namespaces.Select(n => (n, Both)));
        });
        var report = Report.Of(result);
        Assert.True(report.ExitCode == 0 && report.Findings.Count == 0, report.Raw);
    }

    [EnvtestFact]
    public async Task DropOld_while_a_namespace_still_holds_the_old_root_is_one_finding()
    {
        var result = await DoctorAtAsync("phase: dropOld, from: switch, switched: [cluster1, cluster2]", async () =>
        {
            await SeedAsync("cluster1", NewRoot, NewRoot.Pem, Namespaces.Select(n => (n, NewRoot.Pem)));
            await SeedAsync("cluster2", NewRoot, NewRoot.Pem, [("default", NewRoot.Pem), ("istio-system", Both)]);
        });
        var finding = Report.Of(result).Single();
        Assert.Equal(("cluster2", "precondition", "ConfigMap istio-system/istio-ca-root-cert"), (finding.Cluster, finding.Kind, finding.Object));
        Assert.Equal("holds 2 roots where phase dropOld trusts 1 root (mesh:ca/root-g2) as cacerts root-cert.pem does: istiod has not taken this phase's root-cert.pem, and sidecars started now trust the wrong roots", finding.Message);
        AssertSaysHowLongToWait(result, "dropOld");
    }

    [EnvtestFact]
    public async Task A_complete_dropOld_phase_has_no_finding()
    {
        var result = await DoctorAtAsync("phase: dropOld, from: switch, switched: [cluster1, cluster2]", async () =>
        {
            foreach (var cluster in new[] { "cluster1", "cluster2" })
            {
                await SeedAsync(cluster, NewRoot, NewRoot.Pem, Namespaces.Select(n => (n, NewRoot.Pem)));
            }
        });
        var report = Report.Of(result);
        Assert.True(report.ExitCode == 0 && report.Findings.Count == 0, report.Raw);
    }

    /// <summary>
    /// The dev stack with <c>trust.rotation</c> set (in its own folder, under the same stack name so the
    /// rendered objects' stack labels still match), doctor run on it after <paramref name="seed"/>, and
    /// the seeded objects deleted again whatever happened.
    /// </summary>
    private async Task<CliResult> DoctorAtAsync(string rotation, Func<Task> seed)
    {
        var folder = Path.Combine(mesh.Root, "rotation-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var stackFolder = Path.GetDirectoryName(mesh.StackPath)!;
        File.Copy(Path.Combine(stackFolder, "Pulumi.yaml"), Path.Combine(folder, "Pulumi.yaml"));
        var text = File.ReadAllText(mesh.StackPath);
        const string trust = "    trust:\n      mode: generated\n";
        Assert.Contains(trust, text, StringComparison.Ordinal);
        var stack = Path.Combine(folder, MeshClusters.Stack);
        File.WriteAllText(stack, text.Replace(trust, trust + $"      rotation: {{{rotation}}}\n", StringComparison.Ordinal));
        try
        {
            await seed();
            return InProcessCli.Run([
                "doctor", stack, "--kubeconfig", mesh.KubeconfigPath,
                .. MeshClusters.Layout.SelectMany(l => new[] { "--context", $"{l.Cluster}={l.Server}" }),
                "--format", "json",
            ]);
        }
        finally
        {
            foreach (var cluster in new[] { "cluster1", "cluster2" })
            {
                var server = mesh.Server(cluster);
                await server.KubectlAsync("delete", "secret", "cacerts", "-n", "istio-system", "--ignore-not-found");
                foreach (var ns in Namespaces)
                {
                    await server.KubectlAsync("delete", "configmap", "istio-ca-root-cert", "-n", ns, "--ignore-not-found");
                }
            }
        }
    }

    /// <summary>
    /// One cluster's cacerts (its public part: an intermediate signed by <paramref name="signer"/>, the
    /// chain to it, and <paramref name="roots"/> as root-cert.pem) and each namespace's istio-ca-root-cert.
    /// </summary>
    private async Task SeedAsync(string cluster, TestRoot signer, string roots, IEnumerable<(string Namespace, string Roots)> configMaps)
    {
        var intermediate = signer.Intermediate($"{cluster} intermediate");
        var yaml = new StringBuilder();
        yaml.Append("apiVersion: v1\nkind: Secret\nmetadata: {name: cacerts, namespace: istio-system}\ntype: Opaque\ndata:\n")
            .Append($"  ca-cert.pem: {B64(intermediate)}\n")
            .Append($"  cert-chain.pem: {B64(intermediate + signer.Pem)}\n")
            .Append($"  root-cert.pem: {B64(roots)}\n");
        foreach (var (ns, pem) in configMaps)
        {
            yaml.Append("---\napiVersion: v1\nkind: ConfigMap\n")
                .Append($"metadata: {{name: istio-ca-root-cert, namespace: {ns}}}\n")
                .Append($"data:\n  root-cert.pem: {JsonSerializer.Serialize(pem)}\n");
        }

        await mesh.Server(cluster).ApplyAsync(yaml.ToString());
    }

    /// <summary>What doctor cannot see (the workloads' own certificates) is named, with how long to wait for this phase.</summary>
    private static void AssertSaysHowLongToWait(CliResult result, string phase)
    {
        using var doc = JsonDocument.Parse(result.Stdout);
        var notChecked = doc.RootElement.GetProperty("checked").GetProperty("notChecked").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(
            $"which root each workload's certificate chains to lives in its proxy and is not read: wait 24 h after phase {phase} was deployed (the workload certificate lifetime, DEFAULT_WORKLOAD_CERT_TTL in pilot/pkg/bootstrap/istio_ca.go) before the next phase, or restart the workloads",
            notChecked);
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
