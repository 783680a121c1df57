using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// <c>meshinfra diff</c> compares lists by identity, as Kubernetes merges them: removing a cluster reads as
/// that cluster's endpoint and subset gone, never as another cluster's renamed; one added host is one <c>+</c>.
/// </summary>
public sealed class KeyedDiffTests
{
    /// <summary>The prod stack with checkout in all three clusters.</summary>
    private static readonly string ThreeClusters = File.ReadAllText(Repo.ProdStack)
        .Replace("clusters: [gke-us-west1, eks-us-east-1]", "clusters: [gke-us-west1, eks-us-east-1, dc-frankfurt]", StringComparison.Ordinal);

    /// <summary>The middle cluster, eks-us-east-1, leaves: checkout keeps the other two, payments v1 moves to gke-us-west1.</summary>
    private static string WithoutTheMiddleCluster()
    {
        var start = ThreeClusters.IndexOf("      - name: eks-us-east-1", StringComparison.Ordinal);
        var end = ThreeClusters.IndexOf("      - name: dc-frankfurt", StringComparison.Ordinal);
        return (ThreeClusters[..start] + ThreeClusters[end..])
            .Replace("clusters: [gke-us-west1, eks-us-east-1, dc-frankfurt]", "clusters: [gke-us-west1, dc-frankfurt]", StringComparison.Ordinal)
            .Replace("v1: [eks-us-east-1]", "v1: [gke-us-west1]", StringComparison.Ordinal);
    }

    private static string[] Diff(string before, string after)
    {
        using var temp = new TempDirectory();
        return CliRunner.Ok("diff", temp.File("Pulumi.old.yaml", before), temp.File("Pulumi.new.yaml", after)).Stdout.Split('\n');
    }

    /// <summary>The field lines under one changed object in one cluster's section.</summary>
    private static List<string> FieldsOf(string[] lines, string cluster, string description)
    {
        var section = lines.SkipWhile(l => l != $"cluster {cluster}").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        return section.SkipWhile(l => !(l.StartsWith("  ~ ", StringComparison.Ordinal) && l.Contains($"] {description}  (", StringComparison.Ordinal)))
            .Skip(1).TakeWhile(l => l.StartsWith("      ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
    }

    [Fact]
    public void RemovingAClusterRemovesOnlyItsOwnEndpointFromAnotherClustersServiceEntry()
    {
        var lines = Diff(ThreeClusters, WithoutTheMiddleCluster());

        var fields = FieldsOf(lines, "dc-frankfurt", "ServiceEntry istio-system/checkout.shop.global");

        Assert.Equal(
            ["- spec.endpoints[address=${eks-us-east-1.gatewayAddress},cluster=eks-us-east-1]: {\"address\": ${eks-us-east-1.gatewayAddress}, \"ports\": {\"http\": 15443}, \"labels\": {\"cluster\": \"eks-us-east-1\"}, \"locality\": \"meshinfra.eks-us-east-1\"}"],
            fields);
    }

    [Fact]
    public void RemovingAClusterRemovesItsSubsetByNameAndRenamesNoOther()
    {
        var lines = Diff(ThreeClusters, WithoutTheMiddleCluster());

        var fields = FieldsOf(lines, "gke-us-west1", "DestinationRule istio-system/checkout.shop.global");

        Assert.StartsWith("- spec.subsets[name=eks-us-east-1]: {\"name\": \"eks-us-east-1\", \"labels\": {\"cluster\": \"eks-us-east-1\"}", Assert.Single(fields), StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("->", StringComparison.Ordinal) && l.Contains("dc-frankfurt", StringComparison.Ordinal));
    }

    [Fact]
    public void AMovedVersionIsOneEndpointRemovedAndOneAdded()
    {
        var lines = Diff(ThreeClusters, WithoutTheMiddleCluster());

        var fields = FieldsOf(lines, "dc-frankfurt", "ServiceEntry istio-system/payments.pay.global");

        Assert.Equal(2, fields.Count);
        Assert.StartsWith("+ spec.endpoints[address=${gke-us-west1.gatewayAddress},cluster=gke-us-west1,version=v1]: ", fields[0], StringComparison.Ordinal);
        Assert.StartsWith("- spec.endpoints[address=${eks-us-east-1.gatewayAddress},cluster=eks-us-east-1,version=v1]: ", fields[1], StringComparison.Ordinal);
    }

    [Fact]
    public void OneHostAddedToTheGatewayIsOnePlus()
    {
        var withLedgerInGke = ThreeClusters.Replace("clusters: [dc-frankfurt]\n", "clusters: [dc-frankfurt, gke-us-west1]\n", StringComparison.Ordinal);
        Assert.NotEqual(ThreeClusters, withLedgerInGke);

        var fields = FieldsOf(Diff(ThreeClusters, withLedgerInGke), "gke-us-west1", "Gateway istio-system/cross-network-gateway");

        Assert.Equal(["+ spec.servers[port=15443].hosts[1]: \"ledger.pay.svc.cluster.local\""], fields);
    }

    [Fact]
    public void AChangedWeightNamesItsDestinationAndSaysRulesCompareByPosition()
    {
        var reweighted = ThreeClusters.Replace("weight: 90", "weight: 80", StringComparison.Ordinal).Replace("weight: 10\n", "weight: 20\n", StringComparison.Ordinal);

        var fields = FieldsOf(Diff(ThreeClusters, reweighted), "dc-frankfurt", "VirtualService istio-system/payments.pay.global");

        Assert.Equal(
            [
                "~ spec.http[1].route[host=payments.pay.global,subset=v1].weight: 90 -> 80   (rules match in order: compared by position)",
                "~ spec.http[1].route[host=payments.pay.global,subset=v2].weight: 10 -> 20   (rules match in order: compared by position)",
            ],
            fields);
    }
}
