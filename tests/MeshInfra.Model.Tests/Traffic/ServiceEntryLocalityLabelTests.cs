using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// A ServiceEntry endpoint without <c>locality</c> takes it from its <c>topology.istio.io/locality</c> label, else
/// the legacy <c>istio-locality</c> one, dots read as slashes (Kubernetes label values cannot hold a slash).
/// Istio 1.30.3 and 1.31.0-rc.0, the same at both: pilot/pkg/serviceregistry/serviceentry/conversion.go,
/// convertWorkloadEntryToWorkloadInstance (<c>if locality == "" &amp;&amp; localityLabel != ""</c>); pkg/model/proxy.go,
/// GetLocalityLabel and SanitizeLocalityLabel. Here a user's STATIC ServiceEntry in cluster1 (nodes in
/// eu-west/eu-west-1a) for httpbin, with cluster2's east-west gateway and a second address, and outlier detection:
/// the endpoint of the client's own zone is priority 0 and takes every request.
/// </summary>
public sealed class ServiceEntryLocalityLabelTests
{
    private const string Host = "httpbin.bar.svc.cluster.local";

    private static TraceResult Trace(MapNode gatewayEndpoint, MapNode otherEndpoint)
    {
        var (_, traffic, _) = TrafficFixture.For(Configs.Seed);
        var entry = new KubeObject("networking.istio.io/v1", "ServiceEntry", ObjectMeta.Named("httpbin-by-hand", "foo"), MapNode.Of(("spec", MapNode.Of(
            ("hosts", ListNode.Of(Host)),
            ("addresses", ListNode.Of("240.240.0.50")),
            ("location", "MESH_INTERNAL"),
            ("resolution", "STATIC"),
            ("ports", ListNode.Of(MapNode.Of(("number", 8000), ("name", "http"), ("protocol", "HTTP")))),
            ("endpoints", ListNode.Of(gatewayEndpoint, otherEndpoint)))))).ToNode();
        var rule = new KubeObject("networking.istio.io/v1", "DestinationRule", ObjectMeta.Named("httpbin-by-hand", "foo"), MapNode.Of(("spec", MapNode.Of(
            ("host", Host),
            ("trafficPolicy", MapNode.Of(("outlierDetection", MapNode.Of(("consecutiveGatewayErrors", 5))))))))).ToNode();
        var edited = traffic with { Clusters = [.. traffic.Clusters.Select(c => c.Name == "cluster1" ? c with { Locality = "eu-west/eu-west-1a", Objects = c.Objects.Add(entry).Add(rule) } : c)] };
        return edited.Model(TrafficFixture.Placeholder).Trace(TrafficFixture.Request("cluster1/foo/sleep", Host, 8000));
    }

    private static MapNode Endpoint(string address, string port, string? locality, params (string Key, string Value)[] labels) =>
        MapNode.Of(
            ("address", address),
            ("ports", MapNode.Of(("http", port))),
            ("locality", locality),
            ("labels", MapNode.OfStrings(new Dictionary<string, string>(labels.Select(l => KeyValuePair.Create(l.Key, l.Value))) { ["security.istio.io/tlsMode"] = "istio" })));

    private static (string Address, string Port) Gateway()
    {
        var gateway = TrafficFixture.For(Configs.Seed).Traffic.Gateways.Single(g => g.Cluster == "cluster2");
        return (gateway.Address, gateway.Port);
    }

    [Theory]
    [InlineData("topology.istio.io/locality", "eu-west.eu-west-1a")]
    [InlineData("istio-locality", "eu-west.eu-west-1a")]
    [InlineData("istio-locality", "eu-west/eu-west-1a")]
    public void ALocalityLabelPutsTheEndpointInTheClientsZone(string label, string value)
    {
        var (address, port) = Gateway();
        var result = Trace(Endpoint(address, port, null, (label, value)), Endpoint("203.0.113.9", "8000", "us-east/us-east-1a"));
        Assert.Empty(result.Failures);
        Assert.Equal("cluster2 v1 100%", result.SharesText);
    }

    [Fact]
    public void TheLocalityFieldWinsOverTheLabelAndTheNewLabelOverTheLegacyOne()
    {
        var (address, port) = Gateway();
        var byField = Trace(Endpoint(address, port, "us-east/us-east-1b", ("topology.istio.io/locality", "eu-west.eu-west-1a")), Endpoint("203.0.113.9", "8000", "eu-west/eu-west-1a"));
        Assert.Empty(byField.Arrivals);
        Assert.Contains("203.0.113.9", Assert.Single(byField.Failures).Reason, StringComparison.Ordinal);
        var byNewLabel = Trace(Endpoint(address, port, null, ("topology.istio.io/locality", "us-east.us-east-1b"), ("istio-locality", "eu-west.eu-west-1a")), Endpoint("203.0.113.9", "8000", "eu-west/eu-west-1a"));
        Assert.Empty(byNewLabel.Arrivals);
        Assert.Contains("203.0.113.9", Assert.Single(byNewLabel.Failures).Reason, StringComparison.Ordinal);
    }
}
