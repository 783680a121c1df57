using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Planning;

/// <summary>The two scenarios MeshInfra exists for, checked on the plan.</summary>
public sealed class SeedScenarioTests
{
    private static readonly MeshPlan Plan = Configs.Plan(Configs.Seed);

    [Fact]
    public void ServiceEntryEndpointIsRemoteGatewayAddress()
    {
        var entry = Plan.Object("cluster1", "ServiceEntry", "httpbin.bar.global");
        var spec = (MapNode)entry.Body["spec"]!;
        Assert.Equal("MESH_INTERNAL", spec["location"].Text());
        Assert.Equal("DNS", spec["resolution"].Text());
        Assert.Equal(["httpbin.bar.global"], spec["hosts"].Items().Select(h => h.Text()));
        var endpoint = (MapNode)Assert.Single(spec["endpoints"].Items());
        var address = Assert.IsType<DeferredNode>(endpoint["address"]);
        Assert.Equal(new GatewayAddress("cluster2", GatewayKind.EastWest), address.Value);
        Assert.Equal("15443", endpoint.At("ports", "http").Text());
        Assert.Equal("cluster2", endpoint.At("labels", "cluster").Text());
        var port = (MapNode)Assert.Single(spec["ports"].Items());
        Assert.Equal("8000", port["number"].Text());
        Assert.Equal("HTTP", port["protocol"].Text());
    }

    [Fact]
    public void OwnerClusterEntryPointsAtItsOwnEastWestGateway()
    {
        var entry = Plan.Object("cluster2", "ServiceEntry", "httpbin.bar.global");
        var endpoint = (MapNode)Assert.Single(entry.Body.At("spec", "endpoints").Items());
        Assert.Equal("istio-eastwestgateway.istio-eastwest.svc.cluster.local", endpoint["address"].Text());
        Assert.Equal("15443", endpoint.At("ports", "http").Text());
        Assert.Equal("cluster2", endpoint.At("labels", "cluster").Text());
    }

    [Fact]
    public void TheGlobalHostHasTheSameAddressInEveryCluster()
    {
        var addresses = Plan.Clusters
            .Select(c => Plan.Object(c.Cluster.Name, "ServiceEntry", "httpbin.bar.global").Body.At("spec", "addresses").Items().Single().Text())
            .Distinct().ToList();
        var address = Assert.Single(addresses);
        Assert.Equal(Plan.GlobalHosts.Single(h => h.Host == "httpbin.bar.global").Address.ToString(), address);
        Assert.StartsWith("240.0.", address, StringComparison.Ordinal);
    }

    [Fact]
    public void ConsumerServiceEntryWaitsForTheRemoteGateway()
    {
        var entry = new ResourceId("cluster1", "ServiceEntry/istio-system/httpbin.bar.global");
        var gateway = new ResourceId("cluster2", "Service/istio-eastwest/istio-eastwestgateway");
        Assert.Contains(Plan.Edges, e => e.Before == gateway && e.After == entry);
        Assert.True(Plan.ApplyOrder.IndexOf(gateway) < Plan.ApplyOrder.IndexOf(entry));
    }

    [Fact]
    public void SleepRunsInClusterOneAndHttpbinInClusterTwoWithInjection()
    {
        Assert.Equal("enabled", Plan.Object("cluster1", "Namespace", "foo").Metadata.Labels["istio-injection"]);
        Assert.Equal("enabled", Plan.Object("cluster2", "Namespace", "bar").Metadata.Labels["istio-injection"]);
        Assert.Single(Plan.Objects("cluster1", "Deployment"), d => d.Metadata.Name == "sleep");
        Assert.Single(Plan.Objects("cluster2", "Deployment"), d => d.Metadata.Name == "httpbin");
        Assert.DoesNotContain(Plan.Objects("cluster2", "Deployment"), d => d.Metadata.Name == "sleep");
    }

    [Fact]
    public void BookinfoIsSplitAcrossClustersAsConfigured()
    {
        Assert.Equal(["details-v1", "productpage-v1", "reviews-v1", "sleep"], Plan.Objects("cluster1", "Deployment").Select(d => d.Metadata.Name).Order());
        Assert.Equal(["httpbin", "ratings-v1", "reviews-v2", "reviews-v3"], Plan.Objects("cluster2", "Deployment").Select(d => d.Metadata.Name).Order());
        Assert.Single(Plan.Objects("cluster1", "Gateway"), g => g.Metadata.Name == "bookinfo-gateway");
        Assert.Single(Plan.Objects("cluster1", "VirtualService"), v => v.Metadata.Name == "bookinfo");
    }

    [Fact]
    public void RoutesApplyOnlyToTheirClientClusters()
    {
        Assert.DoesNotContain(Plan.Objects("cluster2", "VirtualService"), v => v.Metadata.Name == "reviews.default.global");
    }

    [Fact]
    public void GlobalReviewsHasOneEndpointPerClusterAndVersion()
    {
        var entry = Plan.Object("cluster1", "ServiceEntry", "reviews.default.global");
        var endpoints = entry.Body.At("spec", "endpoints").Items().Cast<MapNode>()
            .Select(e => (Address: e["address"].Text(), Cluster: e.At("labels", "cluster").Text(), Version: e.At("labels", "version").Text()))
            .ToList();
        Assert.Equal(
        [
            ("istio-eastwestgateway.istio-eastwest.svc.cluster.local", "cluster1", "v1"),
            ("${cluster2.gatewayAddress}", "cluster2", "v2"),
            ("${cluster2.gatewayAddress}", "cluster2", "v3"),
        ], endpoints);
    }

    [Fact]
    public void GlobalDestinationRuleIsIstioMutualWithClusterAndVersionSubsets()
    {
        var rule = Plan.Object("cluster1", "DestinationRule", "reviews.default.global");
        Assert.Equal("ISTIO_MUTUAL", rule.Body.At("spec", "trafficPolicy", "tls", "mode").Text());
        var subsets = rule.Body.At("spec", "subsets").Items().Cast<MapNode>().Select(s => s["name"].Text()).ToList();
        Assert.Equal(["v1", "v2", "v3", "cluster1", "cluster2"], subsets);
    }

    [Fact]
    public void LocalDestinationRuleListsOnlyLocalVersions()
    {
        var rule = Plan.Object("cluster2", "DestinationRule", "reviews.default.svc.cluster.local");
        Assert.Equal("reviews.default.svc.cluster.local", rule.Body.At("spec", "host").Text());
        Assert.Equal(["v2", "v3"], rule.Body.At("spec", "subsets").Items().Cast<MapNode>().Select(s => s["name"].Text()));
    }

    [Fact]
    public void DefaultNamespaceIsPatchedNotCreated()
    {
        var planned = Plan.Cluster("cluster1").Objects.Single(o => o.Object.Kind == "Namespace" && o.Object.Metadata.Name == "default");
        Assert.True(planned.IsPatch);
        Assert.False(Plan.Cluster("cluster1").Objects.Single(o => o.Object.Kind == "Namespace" && o.Object.Metadata.Name == "foo").IsPatch);
    }

    [Fact]
    public void AClusterWhoseRouteSendsTrafficThroughTheGlobalHostConsumesIt()
    {
        // cluster1 runs reviews v1 and routes jason to v2/v3 in cluster2 through reviews.default.global:
        // plan and graph (both read ConsumerClusters) must say cluster1 consumes it.
        Assert.Equal(["cluster1"], Plan.GlobalHosts.Single(h => h.Host == "reviews.default.global").ConsumerClusters.ToArray());
        Assert.Equal(["cluster2"], Plan.GlobalHosts.Single(h => h.Host == "details.default.global").ConsumerClusters.ToArray());
    }
}
