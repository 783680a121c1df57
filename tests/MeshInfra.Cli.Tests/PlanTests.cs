using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

public sealed class PlanTests
{
    [Fact]
    public void GlobalHostTableListsHttpbinWithItsAddressServerAndConsumer()
    {
        var stack = RepoStacks.Dev;

        var plan = CliRunner.Ok("plan", Repo.DevStack).Stdout;

        var table = PlanText.Section(plan, "Global hosts");
        Assert.Equal(["HOST", "ADDRESS", "PORTS", "SERVED BY", "CONSUMED BY"], PlanText.Columns(table[0]));
        var httpbin = PlanText.Columns(Assert.Single(table, l => l.TrimStart().StartsWith("httpbin.bar.global ", StringComparison.Ordinal)));
        Assert.Equal(["httpbin.bar.global", stack.Plan.AddressTable["httpbin.bar.global"].ToString(), "8000/HTTP", "cluster2", "cluster1"], httpbin);
        Assert.Equal(stack.Plan.GlobalHosts.Length, table.Length - 1);
    }

    [Fact]
    public void EachClusterShowsItsIstioReleasesAndObjectsByKind()
    {
        var plan = CliRunner.Ok("plan", Repo.DevStack).Stdout;

        var cluster1 = PlanText.Section(plan, "Cluster cluster1 ");
        Assert.Contains("  Istio 1.31.1 releases:", cluster1);
        // An OCI source: the chart column is the full reference and there is no repository URL.
        Assert.Contains(cluster1, l => PlanText.Columns(l).SequenceEqual(["istiod", "oci://ghcr.io/istio/release/charts/istiod", "1.31.1", "istio-system", "(OCI)"]));
        Assert.Contains(cluster1, l => PlanText.Columns(l).SequenceEqual(["istio-ingressgateway", "oci://ghcr.io/istio/release/charts/gateway", "1.31.1", "istio-ingress", "(OCI)"]));
        Assert.Contains(cluster1, l => PlanText.Columns(l).SequenceEqual(["ServiceEntry", "5"]));
        Assert.Contains(cluster1, l => PlanText.Columns(l).SequenceEqual(["Namespace", "5 (1 patched)"]));
        // The dev stack gives cluster2 an ingress gateway too (httpbin's ingress); prod's EKS cluster has none.
        Assert.Contains(PlanText.Section(plan, "Cluster cluster2 "), l => l.Contains("istio-ingressgateway", StringComparison.Ordinal));
        Assert.DoesNotContain(PlanText.Section(CliRunner.Ok("plan", Repo.ProdStack).Stdout, "Cluster eks-us-east-1 "), l => l.Contains("istio-ingressgateway", StringComparison.Ordinal));
    }

    [Fact]
    public void RoutesAreListedWithTheirRules()
    {
        var plan = CliRunner.Ok("plan", Repo.DevStack).Stdout;

        Assert.Equal(
            [
                "  reviews.default.global for clients in cluster1",
                "    1. end-user exact \"jason\" → v2 50%, v3 50%",
                "    2. otherwise → v1",
            ],
            PlanText.Section(plan, "Routes"));
    }

    [Fact]
    public void DeferredValuesNameTheResourceThatProducesThem()
    {
        var plan = CliRunner.Ok("plan", Repo.DevStack).Stdout;

        var deferred = PlanText.Section(plan, "Deferred values");
        Assert.Contains(deferred, l => PlanText.Columns(l).SequenceEqual(["cluster2.gatewayAddress", "cluster2:Service/istio-eastwest/istio-eastwestgateway", "cluster1", "${cluster2.gatewayAddress}"]));
        Assert.Contains(deferred, l => PlanText.Columns(l).SequenceEqual(["cluster1.cacerts.ca-key.pem", "cluster1:ca/intermediate", "cluster1", "marker (never --set)"]));
    }

    [Fact]
    public void NodePortGatewayDefersItsPortNotItsAddress()
    {
        var plan = CliRunner.Ok("plan", Repo.ProdStack).Stdout;

        Assert.Contains("  East-west gateway: nodePort, reached at 198.51.100.20:${dc-frankfurt.gatewayNodePort}", plan, StringComparison.Ordinal);
        Assert.Contains(PlanText.Section(plan, "Deferred values"), l => PlanText.Columns(l)[..2].SequenceEqual(["dc-frankfurt.gatewayNodePort", "dc-frankfurt:Service/istio-eastwest/istio-eastwestgateway"]));
    }

    [Fact]
    public void ApplyOrderIsNumberedAndCoversEveryResource()
    {
        var stack = RepoStacks.Dev;

        var order = PlanText.Section(CliRunner.Ok("plan", Repo.DevStack).Stdout, "Apply order");

        Assert.Equal(["STEP", "LAYER", "SCOPE", "RESOURCE"], PlanText.Columns(order[0]));
        var rows = order.Skip(1).Select(PlanText.Columns).ToList();
        Assert.Equal(Enumerable.Range(1, stack.Plan.ApplyOrder.Length).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[0]));
        Assert.Equal(stack.Plan.ApplyOrder.Select(id => id.Scope), rows.Select(r => r[2]));
        Assert.Equal(["1", "01", "mesh", "Root CA 'Root CA' (RSA 4096, 3650 days)"], rows[0]);
        Assert.Contains(rows, r => r[2] == "cluster1" && r[3] == "Namespace default (patch)");
        // Layers never go down along the order, and name the rendered files.
        Assert.Equal(rows.Select(r => r[1]).Order(StringComparer.Ordinal), rows.Select(r => r[1]));
    }

    [Fact]
    public void PlanIsTheSameEveryTime()
    {
        Assert.Equal(CliRunner.Ok("plan", Repo.ProdStack).Stdout, CliRunner.Ok("plan", Repo.ProdStack).Stdout);
    }
}
