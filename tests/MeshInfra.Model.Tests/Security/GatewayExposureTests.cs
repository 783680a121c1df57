using System.Text.Json.Nodes;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Security;

/// <summary>
/// Who can reach the east-west gateway (issue 21, item 8): the source ranges and the cloud's internal
/// load balancer reach the gateway Service Kubernetes gets; bad values are refused by key.
/// </summary>
public sealed class GatewayExposureTests
{
    private static string WithGateway(JsonObject gateway)
    {
        var root = JsonNode.Parse(Configs.Seed)!.AsObject();
        root["clusters"]![0]!["gateway"] = gateway;
        return root.ToJsonString();
    }

    private static KubeObject EastWestService(string config, string cluster = "cluster1") =>
        Configs.Plan(config).Objects(cluster, "Service").Single(s => s.Metadata.Name == "istio-eastwestgateway");

    [Theory]
    [InlineData("gke", "networking.gke.io/load-balancer-type", "Internal")]
    [InlineData("eks", "service.beta.kubernetes.io/aws-load-balancer-scheme", "internal")]
    [InlineData("aks", "service.beta.kubernetes.io/azure-load-balancer-internal", "true")]
    public void TheGatewayServiceCarriesTheCloudsAnnotationAndTheSourceRanges(string cloud, string key, string value)
    {
        var config = WithGateway(new JsonObject
        {
            ["internalLoadBalancer"] = cloud,
            ["loadBalancerSourceRanges"] = new JsonArray("10.20.0.0/16", "2001:db8::/32"),
        });

        var service = EastWestService(config);
        var spec = (MapNode)service.Body["spec"]!;

        Assert.Equal(value, service.Metadata.Annotations[key]);
        Assert.Equal(["10.20.0.0/16", "2001:db8::/32"], spec["loadBalancerSourceRanges"].Items().Select(i => i.Text()));
        Assert.Equal("LoadBalancer", spec["type"].Text());
        // The other cluster did not ask: its gateway stays as it was.
        var other = EastWestService(config, "cluster2");
        Assert.Null(((MapNode)other.Body["spec"]!)["loadBalancerSourceRanges"]);
        Assert.DoesNotContain(other.Metadata.Annotations.Keys, k => k == key);
    }

    [Fact]
    public void WithoutTheKeysTheGatewayAdmitsEveryone()
    {
        var service = EastWestService(Configs.Seed);
        Assert.Null(((MapNode)service.Body["spec"]!)["loadBalancerSourceRanges"]);
        Assert.Empty(service.Metadata.Annotations);
    }

    [Theory]
    [InlineData("10.0.0.1/8", "mesh.clusters[0].gateway.loadBalancerSourceRanges[0]: '10.0.0.1/8' is not a network in CIDR form with no host bits set, e.g. 203.0.113.0/24 or 2001:db8::/32")]
    [InlineData("10.0.0.1", "mesh.clusters[0].gateway.loadBalancerSourceRanges[0]: '10.0.0.1' is not a network in CIDR form with no host bits set, e.g. 203.0.113.0/24 or 2001:db8::/32")]
    [InlineData("10.0.0.0/33", "mesh.clusters[0].gateway.loadBalancerSourceRanges[0]: '10.0.0.0/33' is not a network in CIDR form with no host bits set, e.g. 203.0.113.0/24 or 2001:db8::/32")]
    [InlineData("any", "mesh.clusters[0].gateway.loadBalancerSourceRanges[0]: 'any' is not a network in CIDR form with no host bits set, e.g. 203.0.113.0/24 or 2001:db8::/32")]
    public void ASourceRangeThatIsNotANetworkIsRefusedByIndex(string range, string error)
    {
        var errors = Configs.Errors(Configs.Seed, root => root["clusters"]![0]!["gateway"] = new JsonObject { ["loadBalancerSourceRanges"] = new JsonArray(range) });
        Assert.Equal([error], errors);
    }

    [Fact]
    public void ExposureKeysAreRefusedWhereThereIsNoLoadBalancer()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["clusters"]![0]!["gateway"] = new JsonObject
        {
            ["addressMode"] = "nodePort",
            ["nodeAddress"] = "198.51.100.7",
            ["internalLoadBalancer"] = "gke",
            ["loadBalancerSourceRanges"] = new JsonArray("10.0.0.0/8"),
        });

        Assert.Equal(
            [
                "mesh.clusters[0].gateway.loadBalancerSourceRanges: applies to the gateway's load balancer, and addressMode 'nodePort' has none: restrict who reaches the nodes' port in the network's firewall instead",
                "mesh.clusters[0].gateway.internalLoadBalancer: applies to the gateway's load balancer, and addressMode 'nodePort' has none: restrict who reaches the nodes' port in the network's firewall instead",
            ],
            errors);
    }

    [Fact]
    public void AnUnknownCloudIsRefusedNamingTheThree()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["clusters"]![0]!["gateway"] = new JsonObject { ["internalLoadBalancer"] = "openstack" });
        Assert.Equal(["mesh.clusters[0].gateway.internalLoadBalancer: 'openstack' is not one of 'gke', 'eks', 'aks'"], errors);
    }

    [Fact]
    public void EveryAddressIsAWarningNotAnError()
    {
        var spec = Configs.Spec(WithGateway(new JsonObject { ["loadBalancerSourceRanges"] = new JsonArray("0.0.0.0/0") }));
        var warning = Assert.Single(spec.Warnings, w => w.Path == "mesh.clusters[0].gateway.loadBalancerSourceRanges[0]");
        Assert.Equal("0.0.0.0/0 admits every address, as leaving loadBalancerSourceRanges out does; list the networks the other clusters' gateways and nodes connect from", warning.Message);
    }
}
