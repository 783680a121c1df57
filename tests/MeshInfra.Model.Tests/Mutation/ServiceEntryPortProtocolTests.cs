using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// A ServiceEntry port without a protocol. Istio reads it as <c>protocol.Parse("")</c>, which is Unsupported
/// (pilot/pkg/serviceregistry/serviceentry/conversion.go, convertPort; pkg/config/protocol/instance.go, Parse), and
/// a sidecar's outbound listener for an Unsupported port sniffs the protocol (pilot/pkg/networking/networking.go,
/// ModelProtocolToListenerProtocol: Unsupported is ListenerProtocolAuto), so an HTTP request on it takes the HTTP
/// route, retries included; validation accepts the empty protocol (pkg/config/validation/validation.go,
/// ValidateServiceEntry only warns about addresses "for ports serving TCP (or unset) protocol"). All at 1.30.3 and
/// 1.31.0-rc.0. The model read a missing protocol as TCP (a TCP proxy, no retries) until Stryker 9897 pointed there.
/// </summary>
public sealed class ServiceEntryPortProtocolTests
{
    /// <summary>cart in east, west and edge; north, hosting none, spreads cart over the three; east is down.</summary>
    private static readonly string CartInThree = Configs.ThreeClusters
        .Replace("\"clusters\": [\"east\"]", "\"clusters\": [\"east\", \"west\", \"edge\"]", StringComparison.Ordinal)
        .Replace("{ \"name\": \"east\", \"context\": \"gke-east\", \"network\": \"net-east\" },", "{ \"name\": \"east\", \"context\": \"gke-east\", \"network\": \"net-east\" }, { \"name\": \"north\", \"context\": \"gke-north\", \"network\": \"net-north\" },", StringComparison.Ordinal);

    private static string[] Retries(Func<MapNode, MapNode> edit)
    {
        var (_, traffic, _) = TrafficFixture.For(CartInThree, s => s.Name != "north" ? s : s with { Objects = [.. s.Objects.Select(edit)] });
        var result = traffic.WithFailover(["east"], []).Model(TrafficFixture.Placeholder)
            .Trace(TrafficFixture.Request($"north/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", "cart.shop.global", 8080));
        return [.. result.Hops.Where(h => h.Step == "retries").Select(h => h.Detail)];
    }

    /// <summary>north's ServiceEntry for cart.shop.global with its ports' protocol set to <paramref name="protocol"/>, or removed.</summary>
    private static Func<MapNode, MapNode> CartPorts(string? protocol) => doc =>
    {
        if ((doc["kind"] as ScalarNode)?.Value as string != "ServiceEntry" || doc.At("spec", "hosts") is not ListNode hosts
            || !hosts.Items.Any(h => (h as ScalarNode)?.Value as string == "cart.shop.global"))
        {
            return doc;
        }

        var spec = (MapNode)doc["spec"]!;
        var ports = ((ListNode)spec["ports"]!).Items.Select(p => (ManifestNode)(protocol is null
            ? new MapNode([.. ((MapNode)p).Entries.Where(e => e.Key != "protocol")])
            : TrafficFixture.With((MapNode)p, "protocol", protocol)));
        return TrafficFixture.With(doc, "spec", TrafficFixture.With(spec, "ports", new ListNode([.. ports])));
    };

    [Fact]
    public void APortWithoutAProtocolIsSniffedAndAnHttpRequestGetsTheHttpRetries()
    {
        var http = Retries(doc => doc);
        Assert.Contains("Istio's default retry policy", Assert.Single(http), StringComparison.Ordinal);

        Assert.Equal(http, Retries(CartPorts(null)));
    }

    [Fact]
    public void APortGivenAsTcpIsATcpProxyWithoutRetries()
    {
        var tcp = Assert.Single(Retries(CartPorts("TCP")));
        Assert.Contains("a TCP port (TCP proxy, no HTTP retry policy)", tcp, StringComparison.Ordinal);
    }
}
