using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Which Gateway servers an ingress request is routed through, as the Stryker run over
/// Traffic/GatewayServerView.cs (issue 17, docs/quality.md) showed no test had: every protocol Istio builds
/// an HTTP listener for, and the failure a user reads for a TLS server without a tls block.
/// The walkthrough's curl from sleep in cluster1 to httpbin.example.com on cluster2's ingress, port 80.
/// </summary>
public sealed class GatewayServerMutantTests
{
    private static TraceRequest Walkthrough() =>
        TrafficFixture.Request("cluster1/foo/sleep", "${cluster2.ingressAddress}", 80, ("Host", "httpbin.example.com")) with { Path = "/status/200" };

    /// <summary>cluster2 with httpbin-gateway's one server given this port protocol and, when set, this tls block.</summary>
    private static TrafficModel Served(string? protocol, MapNode? tls = null) =>
        TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster2" ? s : TrafficFixture.Replace(s, "Gateway", "httpbin-gateway", g =>
        {
            var spec = (MapNode)g["spec"]!;
            var server = (MapNode)((ListNode)spec["servers"]!).Items[0];
            var port = (MapNode)server["port"]!;
            port = protocol is null ? new MapNode([.. port.Entries.Where(e => e.Key != "protocol")]) : TrafficFixture.With(port, "protocol", protocol);
            server = TrafficFixture.With(server, "port", port);
            if (tls is not null)
            {
                server = TrafficFixture.With(server, "tls", tls);
            }

            return TrafficFixture.With(g, "spec", TrafficFixture.With(spec, "servers", ListNode.Of(server)));
        })).Model;

    /// <summary>
    /// protocol.Parse (case-insensitive) and Instance.IsHTTP (pkg/config/protocol/instance.go, 1.30.3 and
    /// 1.31.0-rc.0): HTTP, HTTP2, HTTP_PROXY, GRPC and GRPC-Web all get the HTTP listener and its routes
    /// (pilot/pkg/networking/core/gateway.go, buildGatewayListeners, <c>if p.IsHTTP()</c>).
    /// </summary>
    [Theory]
    [InlineData("HTTP")]
    [InlineData("http")]
    [InlineData("HTTP2")]
    [InlineData("GRPC")]
    [InlineData("GRPC-Web")]
    [InlineData("HTTP_PROXY")]
    public void EveryHttpProtocolRoutesTheRequestToHttpbin(string protocol)
    {
        var result = Served(protocol).Trace(Walkthrough());
        Assert.Empty(result.Failures);
        var arrival = Assert.Single(result.Arrivals);
        Assert.Equal(("cluster2", "bar", "httpbin"), (arrival.Workload.Cluster, arrival.Workload.Namespace, arrival.Workload.App));
    }

    /// <summary>
    /// A tls block on an HTTP port is only an HTTPS redirect to Istio: IsTLSServer is false for every HTTP
    /// protocol (pkg/config/gateway/gateway.go), so the server stays a plain HTTP one.
    /// </summary>
    [Fact]
    public void ATlsBlockOnAnHttpPortLeavesItPlainHttp()
    {
        var result = Served("HTTP", MapNode.Of(("mode", "PASSTHROUGH"))).Trace(Walkthrough());
        Assert.Empty(result.Failures);
        Assert.Single(result.Arrivals);
    }

    /// <summary>A TCP server is no HTTP listener: the model says it traces none.</summary>
    [Fact]
    public void ATcpServerIsNotTraced()
    {
        var failure = Assert.Single(Served("TCP").Trace(Walkthrough()).Failures);
        Assert.Equal(FailureKind.GatewayProtocolNotTraced, failure.Kind);
        Assert.Equal("bar/httpbin-gateway port 80 is TCP: the model traces plain HTTP requests only", failure.Reason);
    }

    /// <summary>
    /// A server without a protocol (refused by Istio's validation, validateServerPort; istiod gives it a TCP proxy,
    /// gateway.go buildGatewayTCPBasedFilterChains) is not traced, and the failure says it has none.
    /// </summary>
    [Fact]
    public void AServerWithoutAProtocolIsNotTracedAndTheFailureSaysItHasNone()
    {
        var failure = Assert.Single(Served(null).Trace(Walkthrough()).Failures);
        Assert.Equal(FailureKind.GatewayProtocolNotTraced, failure.Kind);
        Assert.Equal("bar/httpbin-gateway port 80 has no protocol (Istio's validation refuses such a server; istiod builds no HTTP routes for it): the model traces plain HTTP requests only", failure.Reason);
    }

    /// <summary>
    /// An HTTPS or TLS server without a tls block (which Istio's validation refuses: "server must have TLS
    /// settings for HTTPS/TLS protocols", pkg/config/validation/validation.go validateServer) is read as
    /// SIMPLE TLS, and the failure says so.
    /// </summary>
    [Theory]
    [InlineData("HTTPS")]
    [InlineData("https")]
    [InlineData("TLS")]
    public void ATlsServerWithoutATlsBlockIsReadAsSimple(string protocol)
    {
        var failure = Assert.Single(Served(protocol).Trace(Walkthrough()).Failures);
        Assert.Equal(FailureKind.GatewayProtocolNotTraced, failure.Kind);
        Assert.Equal($"bar/httpbin-gateway port 80 is {protocol} with tls SIMPLE: the model traces plain HTTP requests only", failure.Reason);
    }

    /// <summary>A tls block's own mode is the one the failure names.</summary>
    [Fact]
    public void ATlsServersOwnModeIsTheOneNamed()
    {
        var failure = Assert.Single(Served("HTTPS", MapNode.Of(("mode", "MUTUAL"))).Trace(Walkthrough()).Failures);
        Assert.Equal("bar/httpbin-gateway port 80 is HTTPS with tls MUTUAL: the model traces plain HTTP requests only", failure.Reason);
    }
}
