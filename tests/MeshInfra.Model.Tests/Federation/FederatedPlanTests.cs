using MeshInfra.Model.Config;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Federation;

/// <summary>Federated objects in the plan: one copy per placed cluster, after istiod, never over MeshInfra's own objects.</summary>
public sealed class FederatedPlanTests
{
    private static IEnumerable<string> ClustersWith(MeshPlan plan, string kind, string name) =>
        plan.Clusters.Where(c => c.Objects.Any(o => o.Object.Kind == kind && o.Object.Metadata.Name == name)).Select(c => c.Cluster.Name);

    [Fact]
    public void EachPlacedClusterGetsItsCopyAfterIstiod()
    {
        var plan = Configs.Plan(FederatedConfigs.Mesh(FederatedConfigs.RegionalGateway));
        Assert.Equal(["west-a", "west-b"], ClustersWith(plan, "Gateway", "public"));
        var copy = plan.Object("west-b", "Gateway", "public");
        Assert.Equal("shop-b.example.com", ((MapNode)copy.Body.At("spec", "servers").Items()[0]).At("hosts").Items()[0].Text());
        var id = new ResourceId("west-b", "Gateway/istio-system/public");
        Assert.Contains(plan.Edges, e => e.Before == new ResourceId("west-b", "helm/istiod") && e.After == id);
    }

    [Fact]
    public void RemovingAClusterFromThePlacementRemovesExactlyItsCopy()
    {
        var before = Configs.Plan(FederatedConfigs.Mesh(FederatedConfigs.StrictMtls));
        var after = Configs.Plan(FederatedConfigs.Mesh(FederatedConfigs.StrictMtls.Replace("\"placement\": \"all\"", "\"placement\": { \"clusters\": [\"west-a\", \"east\"] }", StringComparison.Ordinal)));
        var removed = before.ApplyOrder.Except(after.ApplyOrder).ToList();
        Assert.Equal([new ResourceId("west-b", "PeerAuthentication/istio-system/mesh-strict")], removed);
        Assert.Empty(after.ApplyOrder.Except(before.ApplyOrder));
    }

    [Fact]
    public void ACopyThatWouldReplaceAnObjectMeshInfraManagesIsAConfigError()
    {
        var clash = FederatedConfigs.StrictMtls.Replace("\"name\": \"mesh-strict\"", "\"name\": \"default\"", StringComparison.Ordinal);
        var ex = Assert.Throws<MeshConfigException>(() => Configs.Plan(FederatedConfigs.Mesh(clash)));
        Assert.Equal(
            [
                "mesh.federated[0].name: PeerAuthentication istio-system/default is an object MeshInfra already manages in cluster 'west-a'; choose another name",
                "mesh.federated[0].name: PeerAuthentication istio-system/default is an object MeshInfra already manages in cluster 'west-b'; choose another name",
                "mesh.federated[0].name: PeerAuthentication istio-system/default is an object MeshInfra already manages in cluster 'east'; choose another name",
            ],
            ex.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void HttpbinGetsItsIngressWhereItsClusterHasAnIngressGateway()
    {
        var json = Configs.Seed.Replace("{ \"name\": \"cluster2\", \"context\": \"kind-cluster2\", \"network\": \"network2\" }",
            "{ \"name\": \"cluster2\", \"context\": \"kind-cluster2\", \"network\": \"network2\", \"ingressGateway\": true }", StringComparison.Ordinal);
        var plan = Configs.Plan(json);
        var gateway = plan.Object("cluster2", "Gateway", "httpbin-gateway");
        Assert.Equal("bar", gateway.Metadata.Namespace);
        Assert.Equal(["httpbin.example.com"], ((MapNode)gateway.Body.At("spec", "servers").Items()[0]).At("hosts").Items().Select(h => h.Text()));
        Assert.Equal("80", ((MapNode)gateway.Body.At("spec", "servers").Items()[0]).At("port", "number").Text());
        var route = plan.Object("cluster2", "VirtualService", "httpbin");
        var rule = (MapNode)route.Body.At("spec", "http").Items().Single();
        Assert.Equal(["/status", "/delay"], rule["match"].Items().Cast<MapNode>().Select(m => m.At("uri", "prefix").Text()));
        Assert.Equal(("httpbin.bar.svc.cluster.local", "8000"), (((MapNode)rule["route"].Items().Single()).At("destination", "host").Text(), ((MapNode)rule["route"].Items().Single()).At("destination", "port", "number").Text()));

        // Without an ingress gateway there (the seed's cluster2), there is nothing to route through.
        Assert.DoesNotContain(Configs.Plan(Configs.Seed).Objects("cluster2", "Gateway"), g => g.Metadata.Name == "httpbin-gateway");
    }

    [Fact]
    public void ExternalDnsZoneNamesEveryGatewayAndExternalDnsModeDialsThatName()
    {
        var json = Configs.ThreeClusters
            .Replace("\"mtls\": \"STRICT\",", "\"mtls\": \"STRICT\", \"externalDns\": { \"zone\": \"mesh.example.com\" },", StringComparison.Ordinal)
            .Replace("\"gateway\": { \"addressMode\": \"loadBalancer\" }", "\"gateway\": { \"addressMode\": \"externalDns\" }", StringComparison.Ordinal);
        var plan = Configs.Plan(json);
        Assert.Equal("istio-eastwestgateway.west.mesh.example.com", plan.Object("west", "Service", "istio-eastwestgateway").Metadata.Annotations["external-dns.alpha.kubernetes.io/hostname"]);
        Assert.Equal("istio-eastwestgateway.east.mesh.example.com", plan.Object("east", "Service", "istio-eastwestgateway").Metadata.Annotations["external-dns.alpha.kubernetes.io/hostname"]);
        var pay = (MapNode)plan.Object("east", "ServiceEntry", "pay.shop.global").Body.At("spec", "endpoints").Items().Single();
        Assert.Equal(("istio-eastwestgateway.west.mesh.example.com", "15443"), (pay["address"].Text(), pay.At("ports", "grpc").Text()));
        Assert.DoesNotContain(plan.DeferredValues, d => d.Key == "west.gatewayAddress");
    }

    [Fact]
    public void ExternalDnsModeWithoutAZoneIsAnError()
    {
        var errors = Configs.Errors(Configs.ThreeClusters.Replace("\"gateway\": { \"addressMode\": \"loadBalancer\" }", "\"gateway\": { \"addressMode\": \"externalDns\" }", StringComparison.Ordinal));
        Assert.Equal(["mesh.clusters[1].gateway.addressMode: 'externalDns' needs mesh.externalDns.zone, the zone external-dns publishes gateway names in"], errors);
    }
}
