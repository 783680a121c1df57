using System.Text.Json.Nodes;

namespace MeshInfra.Model.Tests.Schemas;

public sealed class HelmValuesPathCheckerTests
{
    private static HelmValuesPathChecker Checker => HelmValuesPathChecker.Shared;

    [Fact]
    public void IstiodAcceptsMulticlusterValues()
    {
        var values = Parse("""
            {
              "revision": "",
              "global": {
                "meshID": "mesh1",
                "multiCluster": { "clusterName": "cluster1" },
                "network": "network1",
                "meshNetworks": { "network1": { "endpoints": [ { "fromRegistry": "cluster1" } ] } },
                "proxy": { "resources": { "requests": { "cpu": "50m" } } }
              },
              "meshConfig": {
                "trustDomain": "cluster.local",
                "defaultConfig": { "proxyMetadata": { "ISTIO_META_DNS_CAPTURE": "true", "ISTIO_META_DNS_AUTO_ALLOCATE": "true" } }
              },
              "podAnnotations": { "example.com/team": "mesh" },
              "resources": { "requests": { "cpu": "200m" } }
            }
            """);

        Assert.Empty(Checker.UnknownPaths("istiod", values));
    }

    [Fact]
    public void IstiodRejectsUnknownGlobal()
    {
        var values = Parse("""{ "global": { "meshID": "mesh1", "bogus": "x" } }""");

        Assert.Equal(["global.bogus"], Checker.UnknownPaths("istiod", values));
    }

    [Fact]
    public void IstiodRejectsPathsBelowAScalarDefault()
    {
        var values = Parse("""{ "global": { "network": { "name": "network1" }, "multiCluster": { "clusterName": "c1", "enabled": true } } }""");

        Assert.Equal(["global.network.name", "global.multiCluster.enabled"], Checker.UnknownPaths("istiod", values));
    }

    [Fact]
    public void InternalDefaultsKeyIsNeverAValue()
    {
        var values = Parse("""{ "_internal_defaults_do_not_set": { "name": "x" } }""");

        Assert.Equal(["_internal_defaults_do_not_set.name"], Checker.UnknownPaths("gateway", values));
        Assert.Equal(["_internal_defaults_do_not_set.name"], Checker.UnknownPaths("istiod", values));
    }

    [Fact]
    public void GatewayAcceptsEastWestValues()
    {
        var values = Parse("""
            {
              "name": "istio-eastwestgateway",
              "networkGateway": "network1",
              "labels": { "foo": "bar", "topology.istio.io/network": "network1" },
              "service": { "type": "LoadBalancer", "annotations": { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" } },
              "podAnnotations": { "sidecar.istio.io/statsInclusionPrefixes": "cluster" },
              "autoscaling": { "enabled": false },
              "replicaCount": 2,
              "networkGatewayPorts": { "tls": { "port": 15443, "targetPort": 15443 } },
              "global": { "network": "network1" }
            }
            """);

        Assert.Empty(Checker.UnknownPaths("gateway", values));
    }

    [Fact]
    public void GatewayRejectsUnknownPaths()
    {
        var values = Parse("""
            {
              "networkGateway": "network1",
              "nope": { "x": 1 },
              "service": { "typ": "LoadBalancer" },
              "serviceAccount": { "a.b": "c" }
            }
            """);

        Assert.Equal(["nope.x", "service.typ", "serviceAccount.a\\.b"], Checker.UnknownPaths("gateway", values));
    }

    [Fact]
    public void ListsAndEmptyMapsAreLeaves()
    {
        var values = Parse("""{ "service": { "ports": [ { "name": "tls", "port": 15443, "whatever": true } ] }, "env": {} }""");

        Assert.Empty(Checker.UnknownPaths("gateway", values));
    }

    [Fact]
    public void BaseChartHasItsOwnDefaults()
    {
        Assert.Empty(Checker.UnknownPaths("base", Parse("""{ "defaultRevision": "default", "global": { "istioNamespace": "istio-system" } }""")));
        Assert.Equal(["global.meshID"], Checker.UnknownPaths("base", Parse("""{ "global": { "meshID": "mesh1" } }""")));
    }

    [Fact]
    public void UnknownChartThrows()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Checker.UnknownPaths("istio-cni", new JsonObject()));
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
