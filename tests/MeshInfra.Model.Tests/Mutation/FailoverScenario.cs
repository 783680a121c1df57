using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// A user's ServiceEntry for httpbin.bar.svc.cluster.local:8000 in the seed's cluster1 (nodes in eu-west/eu-west-1a),
/// with a DestinationRule of the given outlier detection and load balancer, traced from cluster1's sleep.
/// </summary>
internal static class FailoverScenario
{
    public const string Host = "httpbin.bar.svc.cluster.local";

    public static MapNode Endpoint(string address, string port, string? locality, params (string Key, string Value)[] labels) => MapNode.Of(
        ("address", address),
        ("ports", MapNode.Of(("http", port))),
        ("locality", locality),
        ("labels", MapNode.OfStrings(labels.Append((Key: "security.istio.io/tlsMode", Value: "istio")).ToDictionary(l => l.Key, l => l.Value))));

    /// <summary>cluster2's east-west gateway (address, port) in the seed.</summary>
    public static (string Address, string Port) Cluster2Gateway()
    {
        var (_, traffic, _) = TrafficFixture.For(Configs.Seed);
        var gateway = traffic.Gateways.Single(g => g.Cluster == "cluster2");
        return (gateway.Address, gateway.Port);
    }

    public static TraceResult Trace(string resolution, MapNode[] endpoints, MapNode? outlierDetection, MapNode? loadBalancer, string[]? down = null, (string Host, int Addresses)[]? resolves = null)
    {
        var (_, traffic, _) = TrafficFixture.For(Configs.Seed);
        var entry = new KubeObject("networking.istio.io/v1", "ServiceEntry", ObjectMeta.Named("httpbin-by-hand", "foo"), MapNode.Of(("spec", MapNode.Of(
            ("hosts", ListNode.Of(Host)),
            ("addresses", ListNode.Of("240.240.0.50")),
            ("location", "MESH_INTERNAL"),
            ("resolution", resolution),
            ("ports", ListNode.Of(MapNode.Of(("number", 8000), ("name", "http"), ("protocol", "HTTP")))),
            ("endpoints", ListNode.From(endpoints)))))).ToNode();
        var policy = new List<(string Key, ManifestNode? Value)>();
        if (outlierDetection is not null)
        {
            policy.Add(("outlierDetection", outlierDetection));
        }

        if (loadBalancer is not null)
        {
            policy.Add(("loadBalancer", loadBalancer));
        }

        var rule = new KubeObject("networking.istio.io/v1", "DestinationRule", ObjectMeta.Named("httpbin-by-hand", "foo"), MapNode.Of(("spec", MapNode.Of(
            ("host", Host),
            ("trafficPolicy", MapNode.Of([.. policy])))))).ToNode();
        var edited = traffic with { Clusters = [.. traffic.Clusters.Select(c => c.Name == "cluster1" ? c with { Locality = "eu-west/eu-west-1a", Objects = c.Objects.Add(entry).Add(rule) } : c)] };
        edited = edited.WithFailover(down ?? [], (resolves ?? []).Select(r => new ResolvedName(r.Host, r.Addresses)));
        return edited.Model(TrafficFixture.Placeholder).Trace(TrafficFixture.Request("cluster1/foo/sleep", Host, 8000));
    }
}
