using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// Moving an existing install's gateways out of istio-system: a stack pinned to the old layout, then
/// the pin dropped. `diff` shows every object that moves and says the gateway's address may change.
/// </summary>
public sealed class GatewayMoveDiffTests
{
    private static readonly string Dev = File.ReadAllText(Repo.DevStack);

    private static readonly string Pinned = Dev
        .Replace("        gateway:\n          addressMode: loadBalancer\n        ingressGateway: true\n", "        gateway:\n          addressMode: loadBalancer\n          namespace: istio-system\n        ingressGateway:\n          namespace: istio-system\n", StringComparison.Ordinal);

    [Fact]
    public void DroppingTheIstioSystemPinShowsTheMoveAndTheAddressCaution()
    {
        Assert.NotEqual(Dev, Pinned);
        using var temp = new TempDirectory();
        var stdout = CliRunner.Ok("diff", temp.File("Pulumi.old.yaml", Pinned), temp.File("Pulumi.new.yaml", Dev)).Stdout;
        var cluster1 = stdout.Split('\n').SkipWhile(l => l != "cluster cluster1").TakeWhile(l => l.Length > 0).ToList();

        Assert.Contains(cluster1, l => l.StartsWith("  + ", StringComparison.Ordinal) && l.EndsWith("Service istio-eastwest/istio-eastwestgateway  (Service/istio-eastwest/istio-eastwestgateway)", StringComparison.Ordinal));
        Assert.Contains("  - Service istio-system/istio-eastwestgateway  (Service/istio-system/istio-eastwestgateway)", cluster1);
        Assert.Contains("  - Service istio-system/istio-ingressgateway  (Service/istio-system/istio-ingressgateway)", cluster1);
        Assert.Contains("      ~ namespace: \"istio-system\" -> \"istio-ingress\"", cluster1);
        Assert.Contains("  - DestinationRule istio-system/reviews.default.svc.cluster.local  (DestinationRule/istio-system/reviews.default.svc.cluster.local)", cluster1);
        Assert.Contains(cluster1, l => l.EndsWith("DestinationRule istio-eastwest/reviews.default.svc.cluster.local  (DestinationRule/istio-eastwest/reviews.default.svc.cluster.local)", StringComparison.Ordinal));
        // An endpoint is its address and labels: the moved gateway's endpoint is one removed and one added.
        Assert.Contains(cluster1, l => l.StartsWith("      - spec.endpoints[address=istio-eastwestgateway.istio-system.svc.cluster.local,cluster=cluster1,", StringComparison.Ordinal));
        Assert.Contains(cluster1, l => l.StartsWith("      + spec.endpoints[address=istio-eastwestgateway.istio-eastwest.svc.cluster.local,cluster=cluster1,", StringComparison.Ordinal));
        Assert.Contains(
            "\nGateway move: cluster1: istio-eastwestgateway moves from istio-system to istio-eastwest; its new Service may get a new address (the other clusters' ServiceEntries take it once the new pods are ready), and the old gateway keeps serving until it is removed last (README: Moving the gateways out of istio-system)\n",
            stdout,
            StringComparison.Ordinal);
    }

    [Fact]
    public void AStackPinnedToIstioSystemIsWarnedThatItsIngressGatewayReadsTheCaKey()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Ok("validate", temp.File("Pulumi.dev.yaml", Pinned));
        Assert.Contains("warning: mesh.clusters[0].ingressGateway.namespace: the ingress gateway in istio-system can read the cacerts Secret (the cluster's intermediate CA key)", result.Stderr, StringComparison.Ordinal);
    }
}
