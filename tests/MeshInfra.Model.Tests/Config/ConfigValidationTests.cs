using System.Text.Json.Nodes;
using MeshInfra.Model.Config;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Config;

public sealed class ConfigValidationTests
{
    private static JsonObject Cluster(int i, JsonObject root) => root["clusters"]![i]!.AsObject();

    [Fact]
    public void SeedConfigIsValid()
    {
        Assert.Empty(Configs.Errors(Configs.Seed));
        Assert.Empty(Configs.Errors(Configs.ThreeClusters));
    }

    [Fact]
    public void DefaultsApplyWhereTheConfigIsSilent()
    {
        var spec = Configs.Spec(Configs.Seed);
        Assert.Equal("1.31.1", spec.Istio.Version);
        Assert.Equal("oci://ghcr.io/istio/release/charts", spec.Istio.ChartRepository);
        Assert.Equal("docker.io/istio", spec.Istio.Hub);
        Assert.Null(spec.Istio.Revision);
        Assert.Null(spec.Istio.UpgradeFrom);
        // The default domain stays 'global', a public top-level domain: the one warning a silent config gets.
        Assert.Equal(["mesh.globalDomain"], spec.Warnings.Select(w => w.Path));
        Assert.Equal("global", spec.GlobalDomain);
        Assert.Equal("240.0.0.0/16", spec.AddressPool.ToString());
        Assert.Equal(TrustMode.Generated, spec.Trust.Mode);
        Assert.Equal(3650, spec.Trust.RootValidityDays);
        Assert.Equal(MtlsMode.Strict, spec.Mtls);
        Assert.All(spec.Clusters, c => Assert.Equal(DnsMode.Corefile, c.Dns));
        Assert.All(spec.Clusters, c => Assert.Equal(GatewayAddressMode.LoadBalancer, c.EastWestGateway.AddressMode));
        Assert.All(spec.Clusters, c => Assert.Equal(1, c.IntermediateGeneration));
    }

    [Fact]
    public void FewerThanTwoClustersIsAnError()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root =>
        {
            var clusters = root["clusters"]!.AsArray();
            clusters.RemoveAt(2);
            clusters.RemoveAt(1);
            root["services"] = new JsonArray();
        });
        Assert.Equal(["mesh.clusters: a mesh needs at least 2 clusters, got 1; add another entry with name, context and network"], errors);
    }

    [Fact]
    public void MissingClustersIsAnError()
    {
        Assert.Equal(["mesh.clusters: is required"], Configs.Errors("""{ "meshId": "m" }"""));
    }

    [Fact]
    public void DuplicateClusterNamesAndContextsAreNamed()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root =>
        {
            Cluster(1, root)["name"] = "east";
            Cluster(2, root)["context"] = "gke-east";
            root["services"] = new JsonArray();
        });
        Assert.Equal(
        [
            "mesh.clusters[1].name: 'east' is already the name of mesh.clusters[0]; cluster names must be unique",
            "mesh.clusters[2].context: 'gke-east' is already used by mesh.clusters[0]; each cluster needs its own kubeconfig context",
        ], errors);
    }

    [Fact]
    public void InvalidNetworkNameNamesTheKeyAndTheRule()
    {
        var errors = Configs.Errors(Configs.Seed, root => Cluster(1, root)["network"] = "Net 2");
        Assert.Equal(["mesh.clusters[1].network: 'Net 2' is not a valid name (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)"], errors);
    }

    [Fact]
    public void InvalidClusterAndServiceNamesAreReportedTogether()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root =>
        {
            root["meshId"] = "Prod_Mesh";
            root["services"]![0]!["namespace"] = "Shop";
        });
        Assert.Equal(
        [
            "mesh.meshId: 'Prod_Mesh' is not a valid name (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)",
            "mesh.services[0].namespace: 'Shop' is not a valid name (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)",
        ], errors);
    }

    [Fact]
    public void UnknownKeyGetsASuggestion()
    {
        var errors = Configs.Errors(Configs.Seed, root => Cluster(0, root)["contxt"] = "x");
        Assert.Equal(["mesh.clusters[0].contxt: unknown key (did you mean 'context'?)"], errors);
    }

    [Fact]
    public void UnknownClusterReferenceInServiceIsNamed()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root => root["services"]![1]!["clusters"]![0] = "south");
        Assert.Equal(["mesh.services[1].clusters[0]: 'south' is not a cluster of this mesh (known: east, edge, west)"], errors);
    }

    [Fact]
    public void UnknownClientClusterInRouteIsNamed()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["routes"]![0]!["clients"]![0] = "cluster9");
        Assert.Equal(["mesh.routes[0].clients[0]: 'cluster9' is not a cluster of this mesh (known: cluster1, cluster2)"], errors);
    }

    [Fact]
    public void WeightsMustSumToOneHundred()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["routes"]![0]!["http"]![0]!["route"]![1]!["weight"] = 40);
        Assert.Equal(["mesh.routes[0].http[0].route: weights add up to 90; they must add up to 100"], errors);
    }

    [Fact]
    public void RouteToAVersionNobodyRunsIsAnError()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["routes"]![0]!["http"]![1]!["route"]![0]!["version"] = "v4");
        Assert.Equal(["mesh.routes[0].http[1].route[0].version: no cluster runs version 'v4' of reviews.default (running: v1, v2, v3)"], errors);
    }

    [Fact]
    public void RouteForAServiceThatIsNotExportedIsAnError()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["routes"]![0]!["service"] = "reviewz");
        Assert.Equal(["mesh.routes[0].service: 'reviewz' in namespace 'default' is not an exported service; add it to mesh.services or fix the name"], errors);
    }

    [Theory]
    [InlineData("TCP")]
    [InlineData("TLS")]
    [InlineData("HTTPS")]
    public void RoutesForAServiceWithoutAnHttpPortAreAnError(string protocol)
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root =>
        {
            root["services"]![0] = JsonNode.Parse($$"""{ "name": "cart", "namespace": "shop", "ports": [ { "name": "web", "number": 8080, "protocol": "{{protocol}}" } ], "versions": { "v1": ["east"] } }""");
            root["routes"] = JsonNode.Parse("""[ { "service": "cart", "namespace": "shop", "http": [ { "route": [ { "version": "v1" } ] } ] } ]""");
        });
        Assert.Equal([$"mesh.routes[0].service: 'cart.shop' has no HTTP port (ports: 8080 {protocol}), and Istio applies these http rules only on HTTP, HTTP2, GRPC or GRPC-WEB ports; set the protocol of the port they are for in mesh.services"], errors);
    }

    [Fact]
    public void RoutesForAServiceWithAGrpcPortAreAccepted()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root =>
        {
            root["services"]![0] = JsonNode.Parse("""{ "name": "cart", "namespace": "shop", "ports": [ { "name": "tcp", "number": 5432 }, { "name": "grpc", "number": 9090, "protocol": "GRPC" } ], "versions": { "v1": ["east"] } }""");
            root["routes"] = JsonNode.Parse("""[ { "service": "cart", "namespace": "shop", "http": [ { "route": [ { "version": "v1" } ] } ] } ]""");
        });
        Assert.Empty(errors);
    }

    [Fact]
    public void SplitWithoutWeightsIsAnError()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["routes"]![0]!["http"]![0]!["route"]![0]!.AsObject().Remove("weight"));
        Assert.Equal(["mesh.routes[0].http[0].route[0].weight: is required when a rule splits traffic over several versions"], errors);
    }

    [Fact]
    public void PoolOutsideClassEIsRefused()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["addressPool"] = "10.0.0.0/16");
        Assert.Equal(["mesh.addressPool: '10.0.0.0/16' lies outside the class-E range 240.0.0.0/4; mesh addresses must not collide with routable ones"], errors);
    }

    [Fact]
    public void PoolWithHostBitsSuggestsTheNetworkAddress()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["addressPool"] = "240.0.1.7/16");
        Assert.Equal(["mesh.addressPool: '240.0.1.7/16' has host bits set; write the network address, e.g. '240.0.0.0/16'"], errors);
    }

    [Fact]
    public void PoolTooSmallForTheServicesIsRefused()
    {
        // Seed exports httpbin plus four Bookinfo services: five hosts, and a /30 holds two.
        var errors = Configs.Errors(Configs.Seed, root => root["addressPool"] = "240.0.0.0/30");
        Assert.Equal(["mesh.addressPool: 240.0.0.0/30 holds 2 service addresses but the mesh exports 5 services; use a shorter prefix (e.g. /28)"], errors);
    }

    [Fact]
    public void DuplicateAndOutOfPoolPinnedAddressesAreRefused()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root =>
        {
            root["services"]![0]!["address"] = "240.0.0.9";
            root["services"]![1]!["address"] = "240.0.0.9";
            root["services"]![2]!["address"] = "240.1.0.1";
        });
        Assert.Equal(
        [
            "mesh.services[2].address: 240.1.0.1 is outside the usable part of mesh.addressPool 240.0.0.0/16; pick an address inside it or widen the pool",
            "mesh.services[1].address: 240.0.0.9 is already pinned by cart.shop; each global host needs its own address",
        ], errors);
    }

    [Fact]
    public void PortNumbersAndProtocolsAreChecked()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root =>
        {
            root["services"]![0]!["ports"]![0]!["number"] = 70000;
            root["services"]![1]!["ports"]![0]!["protocol"] = "QUIC";
            root["services"]![2]!["ports"]![0]!["number"] = "fifty";
        });
        Assert.Equal(
        [
            "mesh.services[0].ports[0].number: 70000 is out of range (allowed 1 to 65535)",
            "mesh.services[1].ports[0].protocol: 'QUIC' is not one of 'HTTP', 'HTTPS', 'GRPC', 'GRPC-WEB', 'HTTP2', 'MONGO', 'TCP', 'TLS'",
            "mesh.services[2].ports[0].number: expected a whole number from 1 to 65535, got the string 'fifty'",
        ], errors);
    }

    [Fact]
    public void MalformedIstioVersionAndDomainAreRefused()
    {
        var errors = Configs.Errors(Configs.Seed, root =>
        {
            root["istio"] = new JsonObject { ["version"] = "latest" };
            root["globalDomain"] = "Global_Domain";
        });
        Assert.Equal(
        [
            "mesh.istio.version: 'latest' is not a supported Istio version: MeshInfra installs the 1.30 and 1.31 lines (e.g. '1.31.1'; quote it in YAML so 1.30 stays text)",
            "mesh.globalDomain: 'Global_Domain' is not a valid DNS domain (dot-separated labels of lowercase letters, digits and '-')",
        ], errors);
    }

    [Fact]
    public void ClusterMayNotBeNamedLikeTheMeshScope()
    {
        var errors = Configs.Errors(Configs.Seed, root => Cluster(1, root)["name"] = "mesh");
        Assert.Contains("mesh.clusters[1].name: 'mesh' is reserved for the mesh's shared resources (the root CA); choose another cluster name", errors);
    }

    [Fact]
    public void OverlongGlobalDomainIsRefusedBeforeItBreaksHostNames()
    {
        var domain = string.Join('.', Enumerable.Repeat(new string('a', 60), 3));
        var errors = Configs.Errors(Configs.Seed, root => root["globalDomain"] = domain);
        Assert.Equal(["mesh.globalDomain: is 182 characters long; at most 125 leave room for '<name>.<namespace>.' in every global host"], errors);
    }

    [Fact]
    public void GlobalDomainMayNotShadowClusterLocal()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["globalDomain"] = "cluster.local");
        Assert.Equal(["mesh.globalDomain: 'cluster.local' collides with Kubernetes' own cluster.local names; use a name under 'internal' such as 'mesh.internal'"], errors);
    }

    [Fact]
    public void NodePortModeNeedsANodeAddress()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root => Cluster(2, root)["gateway"]!.AsObject().Remove("nodeAddress"));
        Assert.Equal(["mesh.clusters[2].gateway.nodeAddress: is required when addressMode is 'nodePort': give the IP or hostname of a node other clusters can reach"], errors);
    }

    [Fact]
    public void StaticModeNeedsAnAddressThatIsAnIpOrHostname()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root => Cluster(0, root)["gateway"] = new JsonObject { ["addressMode"] = "static", ["address"] = "not an address" });
        Assert.Equal(["mesh.clusters[0].gateway.address: 'not an address' is neither an IPv4 address nor a DNS hostname"], errors);
    }

    [Fact]
    public void VersionNamedLikeAClusterIsRefused()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root =>
            root["services"]![0] = JsonNode.Parse("""{ "name": "cart", "namespace": "shop", "ports": [ { "name": "http", "number": 8080 } ], "versions": { "east": ["east"] } }"""));
        Assert.Equal(["mesh.services: cart.shop has a version named 'east', which is also a cluster name; rename the version (subsets are named after both)"], errors);
    }

    [Fact]
    public void ServiceNeedsExactlyOneOfClustersOrVersions()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root => root["services"]![0]!["versions"] = new JsonObject { ["v1"] = "east" });
        Assert.Equal(["mesh.services[0]: give exactly one of 'clusters' (a list of cluster names) or 'versions' (a map of version to cluster names)"], errors);
    }

    [Fact]
    public void BookinfoNeedsAnIngressGatewayWhereProductpageRuns()
    {
        var errors = Configs.Errors(Configs.Seed, root => Cluster(0, root).Remove("ingressGateway"));
        Assert.Equal(["mesh.samples.bookinfo.productpage: the Bookinfo page is served through an ingress gateway, and cluster 'cluster1' has none; set ingressGateway: true on that cluster"], errors);
    }

    [Fact]
    public void WrongTypesAreDescribed()
    {
        var errors = Configs.Errors(Configs.Seed, root =>
        {
            root["clusters"]![0]!["kubeconfig"] = new JsonArray();
            root["routes"]![0]!["http"]![0]!["route"]![0]!["weight"] = "half";
            root["trust"] = "generated";
        });
        Assert.Equal(
        [
            "mesh.trust: expected an object, got the string 'generated'",
            "mesh.clusters[0].kubeconfig: expected a string, got a list",
            "mesh.routes[0].http[0].route[0].weight: expected a whole number from 0 to 100, got the string 'half'",
        ], errors);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root =>
        {
            Cluster(0, root)["network"] = "NET";
            root["services"]![0]!["clusters"]![0] = "nowhere";
            root["mtls"] = "strict";
        });
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void ParseThrowsWithEveryErrorInTheMessage()
    {
        var bad = Configs.Json("""{ "meshId": "BAD", "clusters": [] }""");
        var ex = Assert.Throws<MeshConfigException>(() => MeshConfigParser.Parse(bad));
        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains("mesh.meshId: 'BAD' is not a valid name", ex.Message, StringComparison.Ordinal);
        Assert.Contains("mesh.clusters: a mesh needs at least 2 clusters, got 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SamplesExportTheirServices()
    {
        var spec = Configs.Spec(Configs.Seed);
        Assert.Equal(
            ["httpbin.bar", "productpage.default", "details.default", "ratings.default", "reviews.default"],
            spec.Services.Select(s => $"{s.Name}.{s.Namespace}"));
        var reviews = spec.Services.Single(s => s.Name == "reviews");
        Assert.Equal(["v1", "v2", "v3"], reviews.Versions.ToArray());
        Assert.Equal(["v2", "v3"], reviews.VersionsIn("cluster2").ToArray());
    }
}
