using MeshInfra.Model.Traffic;
using static MeshInfra.Model.Tests.Mutation.GatewayScenarios;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// The protocol istiod gives a Kubernetes Service port decides whether a VirtualService's http rules route a request
/// on it (issue 17: mutants 7922 and 7927 of ClusterView.cs, the port's name and L4 protocol defaults). Istio 1.30.3
/// and 1.31.0-rc.0: pkg/config/kube/conversion.go, ConvertProtocol (appProtocol, else the name's prefix; the L4
/// protocol only for UDP; unknown is TCP on 25, 53, 3306, 27017 and sniffed elsewhere); pilot/pkg/networking/networking.go,
/// ModelProtocolToListenerProtocol (HTTP family: routes; TCP, HTTPS, TLS, Mongo, Redis, MySQL: a TCP proxy; unsupported:
/// sniffed, an HTTP request takes the routes); pilot/pkg/networking/core/tls.go, buildSidecarOutboundTCPFilterChainOpts
/// (a TCP proxy follows only tcp routes, else the service's own cluster).
/// </summary>
public sealed class ServicePortProtocolTests
{
    /// <summary>Without the end-user header the VirtualService's http rules send everything to v1.</summary>
    private const string VersionRoute = """
        { "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "httpbin-versions", "namespace": "bar" },
          "spec": { "hosts": [ "httpbin.bar.svc.cluster.local" ],
                    "http": [ { "match": [ { "headers": { "end-user": { "exact": "jason" } } } ], "route": [ { "destination": { "host": "httpbin.bar.svc.cluster.local", "subset": "v2" } } ] },
                              { "route": [ { "destination": { "host": "httpbin.bar.svc.cluster.local", "subset": "v1" } } ] } ] } }
        """;

    private const string Subsets = """
        { "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": { "name": "httpbin-versions", "namespace": "bar" },
          "spec": { "host": "httpbin.bar.svc.cluster.local", "subsets": [ { "name": "v1", "labels": { "version": "v1" } }, { "name": "v2", "labels": { "version": "v2" } } ] } }
        """;

    private static TraceResult Trace(string port, int number, string route = VersionRoute)
    {
        var service = $$"""
            { "apiVersion": "v1", "kind": "Service", "metadata": { "name": "httpbin", "namespace": "bar", "labels": { "app": "httpbin" } },
              "spec": { "ports": [ {{port}} ], "selector": { "app": "httpbin" } } }
            """;
        var model = SeedWithout(Is("cluster2", "Service", "bar", "httpbin"), ("cluster2", service), ("cluster2", Httpbin("v2")), ("cluster2", Subsets), ("cluster2", route));
        return model.Trace(Probe("cluster2", "httpbin.bar.svc.cluster.local", number));
    }

    private static string[] Reached(TraceResult result) => [.. result.Arrivals.Select(a => $"{a.Workload} {a.Share}")];

    [Theory]
    [InlineData("""{ "name": "http-web", "port": 8000, "protocol": "TCP" }""", 8000)]
    [InlineData("""{ "name": "HTTP2", "port": 8000 }""", 8000)]
    [InlineData("""{ "name": "grpc-web-ui", "port": 8000 }""", 8000)]
    [InlineData("""{ "name": "web", "port": 8000, "appProtocol": "http" }""", 8000)]
    [InlineData("""{ "name": "tcp-web", "port": 8000, "appProtocol": "kubernetes.io/h2c" }""", 8000)]
    [InlineData("""{ "name": "web", "port": 8000 }""", 8000)]
    [InlineData("""{ "port": 8000 }""", 8000)]
    public void AnHttpOrSniffedPortFollowsTheHttpRules(string port, int number)
    {
        var result = Trace(port, number);

        Assert.Empty(result.Failures);
        Assert.Equal(["cluster2/bar/httpbin (v1) 1"], Reached(result));
    }

    [Theory]
    [InlineData("""{ "name": "tcp-web", "port": 8000 }""", 8000, "TCP")]
    [InlineData("""{ "name": "http-web", "port": 8000, "appProtocol": "tcp" }""", 8000, "TCP")]
    [InlineData("""{ "name": "https", "port": 8000 }""", 8000, "HTTPS")]
    [InlineData("""{ "name": "redis-cache", "port": 8000 }""", 8000, "Redis")]
    [InlineData("""{ "port": 3306 }""", 3306, "TCP")]
    [InlineData("""{ "name": "db", "port": 27017 }""", 27017, "TCP")]
    [InlineData("""{ "name": "mongo", "port": 8000 }""", 8000, "Mongo")]
    [InlineData("""{ "name": "http-web", "port": 8000, "appProtocol": "kubernetes.io/wss" }""", 8000, "HTTPS")]
    public void ATcpProxiedPortTakesTheDefaultRouteToEveryPod(string port, int number, string protocol)
    {
        var result = Trace(port, number);

        Assert.Empty(result.Failures);
        Assert.Equal(["cluster2/bar/httpbin (v1) 0.5", "cluster2/bar/httpbin-v2 (v2) 0.5"], Reached(result));
        Assert.Contains(result.Hops, h => h.Step == "route"
            && h.Detail == $"port {number} of httpbin.bar.svc.cluster.local is {protocol}, a TCP proxy: the http rules of VirtualService bar/httpbin-versions do not apply; the default route to httpbin.bar.svc.cluster.local:{number}");
    }

    [Fact]
    public void ATcpRouteTheModelDoesNotFollowIsSaidSo()
    {
        var route = VersionRoute.Replace("\"http\": [", "\"tcp\": [ { \"route\": [ { \"destination\": { \"host\": \"httpbin.bar.svc.cluster.local\", \"subset\": \"v2\" } } ] } ], \"http\": [", StringComparison.Ordinal);

        var tcp = Trace("""{ "name": "tcp-web", "port": 8000 }""", 8000, route);
        var http = Trace("""{ "name": "http-web", "port": 8000 }""", 8000, route);

        Assert.Empty(tcp.Arrivals);
        Assert.Equal(
            ["TcpRoutesNotTraced route 1 | port 8000 of httpbin.bar.svc.cluster.local is TCP, a TCP proxy where VirtualService bar/httpbin-versions's tcp and tls routes decide: the model traces http routes only"],
            Failures(tcp));
        Assert.Equal(["cluster2/bar/httpbin (v1) 1"], Reached(http));
    }

    [Theory]
    [InlineData("", "cluster2/bar/httpbin (v1) 1")]
    [InlineData(", \"protocol\": \"HTTP\"", "cluster2/bar/httpbin (v1) 1")]
    [InlineData(", \"protocol\": \"tcp\"", "cluster2/bar/httpbin (v1) 0.5|cluster2/default/reviews-v2 (v2) 0.25|cluster2/default/reviews-v3 (v3) 0.25")]
    public void AServiceEntryPortWithoutAProtocolIsSniffedAndFollowsTheHttpRules(string protocol, string reached)
    {
        // web.example.internal: v1 is httpbin's ClusterIP, v2 reviews'; the http rules send a request without headers to v1.
        var entry = $$"""
            { "apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "metadata": { "name": "web", "namespace": "bar" },
              "spec": { "hosts": [ "web.example.internal" ], "addresses": [ "240.240.0.80" ], "location": "MESH_INTERNAL", "resolution": "DNS",
                        "ports": [ { "number": 8000, "name": "http"{{protocol}} } ],
                        "endpoints": [ { "address": "httpbin.bar.svc.cluster.local", "ports": { "http": 8000 }, "labels": { "version": "v1" } },
                                       { "address": "reviews.default.svc.cluster.local", "ports": { "http": 9080 }, "labels": { "version": "v2" } } ] } }
            """;
        var model = Seed(
            ("cluster2", entry),
            ("cluster2", Subsets.Replace("httpbin.bar.svc.cluster.local", "web.example.internal", StringComparison.Ordinal)),
            ("cluster2", VersionRoute.Replace("httpbin.bar.svc.cluster.local", "web.example.internal", StringComparison.Ordinal)));

        var result = model.Trace(Probe("cluster2", "web.example.internal", 8000));

        Assert.Equal(reached, string.Join("|", Reached(result)));
    }

    [Fact]
    public void AnHttpsPortHasNoHttpRetryPolicy() =>
        Assert.Equal(new RouteRetry(0, false, false, "a HTTPS port (TCP proxy, no HTTP retry policy)"), RouteRetry.For("HTTPS", RouteRetry.IstioDefault));
}
