using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Planning;

/// <summary>A full mesh of three clusters, each gateway reached a different way.</summary>
public sealed class ThreeClusterMeshTests
{
    private static readonly MeshPlan Plan = Configs.Plan(Configs.ThreeClusters);

    [Fact]
    public void EveryExportedServiceIsReachableFromEveryOtherCluster()
    {
        foreach (var host in Plan.GlobalHosts)
        {
            foreach (var cluster in Plan.Clusters.Select(c => c.Cluster.Name))
            {
                var entry = Plan.Object(cluster, "ServiceEntry", host.Host);
                var endpoint = (MapNode)entry.Body.At("spec", "endpoints").Items().Single();
                Assert.Equal(host.ServingClusters.Single(), endpoint.At("labels", "cluster").Text());
                // The owner's own clients go through its own gateway, by its in-cluster name.
                var isOwner = host.ServingClusters.Contains(cluster);
                Assert.Equal(isOwner, endpoint["address"].Text() == "istio-eastwestgateway.istio-eastwest.svc.cluster.local");
            }
        }

        // Consumers are listed in the order the stack lists its clusters.
        Assert.Equal(["west", "edge"], Plan.GlobalHosts.Single(h => h.Host == "cart.shop.global").ConsumerClusters.ToArray());
    }

    [Fact]
    public void NodePortClusterIsDialledAtItsNodeAddressAndDeferredNodePort()
    {
        var endpoint = (MapNode)Plan.Object("east", "ServiceEntry", "stock.inv.global").Body.At("spec", "endpoints").Items().Single();
        Assert.Equal("192.0.2.10", endpoint["address"].Text());
        var port = Assert.IsType<DeferredNode>(endpoint.At("ports", "tcp"));
        Assert.Equal(new GatewayNodePort("edge", GatewayKind.EastWest, 15443), port.Value);
        Assert.Equal("NodePort", Plan.Object("edge", "Service", "istio-eastwestgateway").Body.At("spec", "type").Text());
    }

    [Fact]
    public void FixedNodePortAndStaticAddressNeedNothingFromTheCluster()
    {
        var json = Configs.ThreeClusters
            .Replace("\"nodeAddress\": \"192.0.2.10\"", "\"nodeAddress\": \"192.0.2.10\", \"nodePort\": 31443", StringComparison.Ordinal)
            .Replace("\"gateway\": { \"addressMode\": \"loadBalancer\" }", "\"gateway\": { \"addressMode\": \"static\", \"address\": \"eastwest.west.example.com\" }", StringComparison.Ordinal);
        var plan = Configs.Plan(json);
        var stock = (MapNode)plan.Object("east", "ServiceEntry", "stock.inv.global").Body.At("spec", "endpoints").Items().Single();
        Assert.Equal(("192.0.2.10", "31443"), (stock["address"].Text(), stock.At("ports", "tcp").Text()));
        // The pinned NodePort is set on the gateway Service itself, so what others dial is what exists.
        var tls = plan.Object("edge", "Service", "istio-eastwestgateway").Body.At("spec", "ports").Items().Cast<MapNode>().Single(p => p["name"].Text() == "tls");
        Assert.Equal("31443", tls["nodePort"].Text());
        var pay = (MapNode)plan.Object("east", "ServiceEntry", "pay.shop.global").Body.At("spec", "endpoints").Items().Single();
        Assert.Equal(("eastwest.west.example.com", "15443"), (pay["address"].Text(), pay.At("ports", "grpc").Text()));
        Assert.DoesNotContain(plan.DeferredValues, d => d is GatewayAddress or GatewayNodePort && d is not GatewayAddress { Cluster: "east" });
    }

    [Fact]
    public void DeferredValuesNameEachGatewayOnlyTheClusterKnows()
    {
        var gatewayValues = Plan.DeferredValues.Where(d => d is not GeneratedCertificate).Select(d => d.Key).ToList();
        Assert.Equal(["east.gatewayAddress", "edge.gatewayNodePort", "west.gatewayAddress"], gatewayValues);
    }

    [Fact]
    public void EachConsumerGetsExactlyOneEntryPerRemoteHost()
    {
        foreach (var cluster in Plan.Clusters)
        {
            var hosts = Plan.Objects(cluster.Cluster.Name, "ServiceEntry").Select(e => e.Metadata.Name).ToList();
            Assert.Equal(Plan.GlobalHosts.Select(h => h.Host), hosts.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void MultiClusterServiceHasLocalAndRemoteEndpoints()
    {
        var json = Configs.ThreeClusters.Replace("\"clusters\": [\"east\"]", "\"clusters\": [\"east\", \"west\"]", StringComparison.Ordinal);
        var plan = Configs.Plan(json);
        var endpoints = plan.Object("west", "ServiceEntry", "cart.shop.global").Body.At("spec", "endpoints").Items().Cast<MapNode>()
            .Select(e => (e["address"].Text(), e.At("labels", "cluster").Text())).ToList();
        Assert.Equal([("${east.gatewayAddress}", "east"), ("istio-eastwestgateway.istio-eastwest.svc.cluster.local", "west")], endpoints);
    }
}
