using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;
using static MeshInfra.Model.Tests.Mutation.GatewayScenarios;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// The third pass over the readers (issue 17, the run at 70af00b): what ParseCache reads from a ServiceEntry and a
/// VirtualService decides where a request goes. Istio 1.30.3 and 1.31.0-rc.0 throughout.
/// </summary>
public sealed class ReadersThirdPassMutantTests
{
    private static readonly DocReader Read = new(v => v.Placeholder);

    private const string Subsets = """
        { "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": { "name": "httpbin-versions", "namespace": "bar" },
          "spec": { "host": "httpbin.bar.svc.cluster.local", "subsets": [ { "name": "v1", "labels": { "version": "v1" } }, { "name": "v2", "labels": { "version": "v2" } } ] } }
        """;

    private static string Route(string rules) => $$"""
        { "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "httpbin-versions", "namespace": "bar" },
          "spec": { "hosts": [ "httpbin.bar.svc.cluster.local" ], {{rules}} } }
        """;

    private static TraceResult TraceHttpbin(string port, string route)
    {
        var service = $$"""
            { "apiVersion": "v1", "kind": "Service", "metadata": { "name": "httpbin", "namespace": "bar", "labels": { "app": "httpbin" } },
              "spec": { "ports": [ {{port}} ], "selector": { "app": "httpbin" } } }
            """;
        var model = SeedWithout(Is("cluster2", "Service", "bar", "httpbin"), ("cluster2", service), ("cluster2", Httpbin("v2")), ("cluster2", Subsets), ("cluster2", route));
        return model.Trace(Probe("cluster2", "httpbin.bar.svc.cluster.local", 8000));
    }

    private static string[] Reached(TraceResult result) => [.. result.Arrivals.Select(a => $"{a.Workload} {a.Share}")];

    /// <summary>
    /// A VirtualService with only tls routes on a TCP port: the TCP proxy follows them (tls.go,
    /// buildSidecarOutboundTCPFilterChainOpts), so the model says it does not trace them rather than send the request
    /// to every pod. Kills 10317 (the <c>tls</c> list read under the key "").
    /// </summary>
    [Fact]
    public void ATlsRouteOnATcpPortIsSaidToBeNotTraced()
    {
        var tls = Route("""
            "tls": [ { "match": [ { "port": 8000, "sniHosts": [ "httpbin.bar.svc.cluster.local" ] } ], "route": [ { "destination": { "host": "httpbin.bar.svc.cluster.local", "subset": "v2" } } ] } ]
            """);

        var result = TraceHttpbin("""{ "name": "tcp-web", "port": 8000 }""", tls);

        Assert.Empty(result.Arrivals);
        Assert.Equal(
            ["TcpRoutesNotTraced route 1 | port 8000 of httpbin.bar.svc.cluster.local is TCP, a TCP proxy where VirtualService bar/httpbin-versions's tcp and tls routes decide: the model traces http routes only"],
            Failures(result));
    }

    /// <summary>
    /// A rule with a redirect answers the request itself: istiod builds the redirect and no route action
    /// (pilot/pkg/networking/core/route/route.go, TranslateRoute: <c>if in.Redirect != nil ... else if in.DirectResponse
    /// != nil ... else</c> the route). Validation refuses a route beside a redirect (pkg/config/validation/virtualservice.go,
    /// validateHTTPRoute: "HTTP route cannot contain both route and redirect"), but one applied without the webhook
    /// still reaches no pod. Kills 10288 (the route read whatever the rule's own answer).
    /// </summary>
    [Theory]
    [InlineData("\"redirect\": { \"uri\": \"/elsewhere\" }")]
    [InlineData("\"directResponse\": { \"status\": 503 }")]
    public void ARuleThatAnswersItselfReachesNoPodEvenWithARoute(string answer)
    {
        var route = Route($$"""
            "http": [ { {{answer}}, "route": [ { "destination": { "host": "httpbin.bar.svc.cluster.local", "subset": "v1" } } ] } ]
            """);

        var result = TraceHttpbin("""{ "name": "http-web", "port": 8000 }""", route);

        Assert.Empty(result.Arrivals);
        Assert.Empty(result.Failures);
    }

    /// <summary>
    /// A ServiceEntry endpoint without its own port is dialled on the port's targetPort (serviceentry/conversion.go,
    /// convertWorkloadInstanceToServiceInstance: "we.ports > se.port.targetPort > se.port.number"; the model dialled
    /// the port number). Here port 9000's targetPort 8000 is httpbin's Service port. Kills 10222 and 10223 (targetPort
    /// not read), and fails without the fix in TrafficModel.PortOf.
    /// </summary>
    [Fact]
    public void AServiceEntryEndpointWithoutItsOwnPortIsDialledOnTheTargetPort()
    {
        var entry = """
            { "apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "metadata": { "name": "web", "namespace": "bar" },
              "spec": { "hosts": [ "web.example.internal" ], "addresses": [ "240.240.0.80" ], "location": "MESH_INTERNAL", "resolution": "DNS",
                        "ports": [ { "number": 9000, "name": "http", "protocol": "HTTP", "targetPort": 8000 } ],
                        "endpoints": [ { "address": "httpbin.bar.svc.cluster.local" } ] } }
            """;

        var result = Seed(("cluster2", entry)).Trace(Probe("cluster2", "web.example.internal", 9000));

        Assert.Equal(["cluster2/bar/httpbin (v1) 1"], Reached(result));
        Assert.Empty(result.Failures);
    }

    /// <summary>An endpoint's own port still wins over the targetPort, and a targetPort of 0 is unset (the port itself).</summary>
    [Theory]
    [InlineData("\"targetPort\": 9999", "\"ports\": { \"http\": 7000 }", "7000")]
    [InlineData("\"targetPort\": 0", "\"labels\": { }", "9000")]
    [InlineData("\"targetPort\": 8000", "\"labels\": { }", "8000")]
    public void TheEndpointsOwnPortThenTheTargetPortThenThePortIsDialled(string targetPort, string endpointField, string dialled)
    {
        var spec = Obj($$"""
            { "hosts": [ "web.example.internal" ], "resolution": "STATIC", "ports": [ { "number": 9000, "name": "http", {{targetPort}} } ],
              "endpoints": [ { "address": "10.1.2.3", {{endpointField}} } ] }
            """);

        var service = Assert.Single(new ParseCache().ServiceEntry(spec, "bar", "web", "c1", Read));

        Assert.Equal(dialled, TrafficModel.PortOf(Assert.Single(service.Endpoints), Assert.Single(service.Ports)));
    }

    /// <summary>
    /// Each cluster's copy of a shared ServiceEntry tree names that cluster's object, kind ServiceEntry (findings and
    /// trace hops point at it). Kills 10170, 10172, 10173 (the parse's cluster-less source kept) and 10175 (kind "").
    /// </summary>
    [Fact]
    public void ASharedServiceEntryTreeNamesEachClustersOwnObject()
    {
        var cache = new ParseCache();
        var spec = Obj("""{ "hosts": [ "web.example.internal", "api.example.internal" ], "resolution": "DNS", "ports": [ { "number": 80, "name": "http" } ] }""");

        Assert.Equal(
            [new ObjectRef("c1", "ServiceEntry", "bar", "web"), new ObjectRef("c1", "ServiceEntry", "bar", "web")],
            cache.ServiceEntry(spec, "bar", "web", "c1", Read).Select(s => s.Source));
        Assert.Equal(
            [new ObjectRef("c2", "ServiceEntry", "bar", "web"), new ObjectRef("c2", "ServiceEntry", "bar", "web")],
            cache.ServiceEntry(spec, "bar", "web", "c2", Read).Select(s => s.Source));
    }

    /// <summary>
    /// An endpoint's locality label with a slash is taken as written, dots and all; without one its dots are the
    /// separators (pkg/model/proxy.go, SanitizeLocalityLabel). Kills 10264 (every label's dots replaced).
    /// </summary>
    [Theory]
    [InlineData("us-east1/us-east1.b", "us-east1/us-east1.b")]
    [InlineData("us-east1.us-east1-b", "us-east1/us-east1-b")]
    public void ALocalityLabelWithASlashIsTakenAsWritten(string label, string locality)
    {
        var spec = Obj($$"""
            { "hosts": [ "web.example.internal" ], "resolution": "STATIC", "ports": [ { "number": 80, "name": "http" } ],
              "endpoints": [ { "address": "10.1.2.3", "labels": { "topology.istio.io/locality": "{{label}}" } } ] }
            """);

        var service = Assert.Single(new ParseCache().ServiceEntry(spec, "bar", "web", "c1", Read));

        Assert.Equal(locality, Assert.Single(service.Endpoints).Locality);
    }

    /// <summary>
    /// A ServiceEntry without <c>resolution</c> is NONE (the enum's zero value), which istiod's allocator gives no
    /// address (pilot/pkg/networking/serviceentry/ip_autoallocation.go, shouldV2AutoAllocateIPFromPieces:
    /// <c>spec.Resolution == ServiceEntry_NONE</c>): the sidecar's DNS proxy does not answer its host, and CoreDNS has
    /// no record. Kills 10247 (a missing resolution read as "", which the allocator then takes).
    /// </summary>
    [Fact]
    public void AServiceEntryWithoutAResolutionGetsNoAllocatedAddress()
    {
        const string Entry = """
            { "apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "metadata": { "name": "partner", "namespace": "foo" },
              "spec": { "hosts": [ "api.partner.internal" ], "location": "MESH_EXTERNAL", "ports": [ { "number": 80, "name": "http", "protocol": "HTTP" } ],
                        "endpoints": [ { "address": "api.partner.example" } ] } }
            """;

        var result = TrafficFixture.For(Configs.Seed, s => s.Name != "cluster1" ? s : s with { Objects = s.Objects.Add(Obj(Entry)) })
            .Model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "api.partner.internal", 80));

        Assert.Empty(result.Arrivals);
        Assert.Equal(["api.partner.internal does not resolve in cluster1: no record for api.partner.internal"], result.Failures.Select(f => f.Reason));
    }

    /// <summary>
    /// Verify's request for a gateway rule that only needs a header present (<c>x-user: {}</c>, Envoy's present_match:
    /// route.go, translateHeaderMatch) carries that header with an empty value, any value being taken, and reaches
    /// httpbin. Kills 10283 (the condition's value, which verify sends, read as text).
    /// </summary>
    [Fact]
    public void VerifySendsAPresentHeaderWithAnEmptyValue()
    {
        string[] lab =
        [
            """{ "apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": { "name": "lab-gateway", "namespace": "bar" }, "spec": { "selector": { "istio": "ingressgateway" }, "servers": [ { "port": { "number": 80, "name": "http", "protocol": "HTTP" }, "hosts": [ "lab.example.com" ] } ] } }""",
            """{ "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "lab", "namespace": "bar" }, "spec": { "hosts": [ "lab.example.com" ], "gateways": [ "lab-gateway" ], "http": [ { "match": [ { "headers": { "x-user": { } } } ], "route": [ { "destination": { "host": "httpbin" } } ] } ] } }""",
        ];
        var (spec, _, model) = TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster2" ? s : s with { Objects = s.Objects.AddRange(lab.Select(Obj)) });

        var rule = Assert.Single(MeshVerifier.Verify(spec, model), c => c.Request.External && c.Label.StartsWith("ingress rule 0 of bar/lab", StringComparison.Ordinal));

        Assert.Equal(["x-user="], rule.Request.Headers.Select(h => $"{h.Key}={h.Value}"));
        Assert.True(rule.Passed);
        Assert.Equal("httpbin.bar.svc.cluster.local", rule.Service);
    }
}
