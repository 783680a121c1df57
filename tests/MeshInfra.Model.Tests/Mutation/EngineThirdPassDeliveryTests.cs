using MeshInfra.Model.Traffic;
using static MeshInfra.Model.Tests.Mutation.GatewayScenarios;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, the third Stryker run over the trace engine (ec48ebf): TrafficModel.Pods.cs, the endpoints hop of a Service
/// whose named targetPort some pods lack (Kubernetes leaves them out: pkg/api/v1/pod/util.go, FindPort;
/// pkg/controller/endpoint/endpoints_controller.go, syncService), and TrafficModel.Gateways.cs, a ServiceEntry endpoint
/// at a local ClusterIP whose port is no number.
/// </summary>
public sealed class EngineThirdPassDeliveryTests
{
    private const string Httpbin = "httpbin.bar.svc.cluster.local";

    private static string Service(string ports) => $$"""
        { "apiVersion": "v1", "kind": "Service", "metadata": { "name": "httpbin", "namespace": "bar", "labels": { "app": "httpbin" } },
          "spec": { "ports": [ {{ports}} ], "selector": { "app": "httpbin" } } }
        """;

    /// <summary>httpbin v1 in cluster2's bar whose container names its port 8080 "http".</summary>
    private const string NamedHttpbin = """
        { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "httpbin", "namespace": "bar", "labels": { "app": "httpbin", "version": "v1" } },
          "spec": { "replicas": 1, "selector": { "matchLabels": { "app": "httpbin", "version": "v1" } },
                    "template": { "metadata": { "labels": { "app": "httpbin", "version": "v1" } },
                                  "spec": { "serviceAccountName": "httpbin", "containers": [ { "name": "httpbin", "image": "docker.io/mccutchen/go-httpbin:v2.15.0", "ports": [ { "name": "http", "containerPort": 8080 } ] } ] } } } }
        """;

    private static TrafficModel NamedTargetPort(params string[] added) =>
        SeedWithout(
            (c, o) => Is("cluster2", "Service", "bar", "httpbin")(c, o) || Is("cluster2", "Deployment", "bar", "httpbin")(c, o),
            [("cluster2", Service("""{ "name": "http", "port": 8000, "targetPort": "http" }""")), ("cluster2", NamedHttpbin), .. added.Select(a => ("cluster2", a))]);

    /// <summary>
    /// Mutants 11498, 11500: v2 and v3 declare only an unnamed 8080, so the port's endpoints are v1's alone; the endpoints
    /// hop names both pods left out, apart, at the endpoints step, and v1 takes the whole share.
    /// </summary>
    [Fact]
    public void TheEndpointsHopNamesEveryPodLeftOutOfANamedTargetPort()
    {
        var result = NamedTargetPort(GatewayScenarios.Httpbin("v2"), GatewayScenarios.Httpbin("v3")).Trace(Probe("cluster2", Httpbin, 8000));

        Assert.Empty(result.Failures);
        Assert.Equal(["cluster2/bar/httpbin (v1) 1"], result.Arrivals.Select(a => $"{a.Workload} {a.Share}"));
        var hop = Assert.Single(result.Hops, h => h.Detail.Contains("leaves out", StringComparison.Ordinal));
        Assert.Equal(
            "endpoints | port 8000 of httpbin.bar.svc.cluster.local leaves out cluster2/bar/httpbin-v2 (v2), cluster2/bar/httpbin-v3 (v3): no container port named http (TCP)",
            $"{hop.Step} | {hop.Detail}");
    }

    /// <summary>Mutant 11484: where every pod declares the named targetPort, none is left out and no hop says otherwise.</summary>
    [Fact]
    public void ANamedTargetPortEveryPodDeclaresLeavesNoneOut()
    {
        var result = NamedTargetPort().Trace(Probe("cluster2", Httpbin, 8000));

        Assert.Empty(result.Failures);
        Assert.Equal(["cluster2/bar/httpbin (v1) 1"], result.Arrivals.Select(a => $"{a.Workload} {a.Share}"));
        Assert.DoesNotContain(result.Hops, h => h.Detail.Contains("leaves out", StringComparison.Ordinal));
    }

    /// <summary>
    /// Mutant 11186: a ServiceEntry endpoint at httpbin's ClusterIP whose port is text, not a number (a hand-written
    /// file: the CRD's endpoint ports are integers). kube-proxy has a rule for no such port, so no pod is reached, even
    /// where the Service declares port 1 (the dialled port must not be read as a number it is not).
    /// </summary>
    [Fact]
    public void AnEndpointPortThatIsNoNumberReachesNoPodBehindAClusterIp()
    {
        var entry = ServiceEntry("bar", "httpbin-alias", "httpbin-alias.example.internal", "240.240.0.70", "DNS", """{ "address": "httpbin.bar.svc.cluster.local", "ports": { "http": "web" } }""");
        var model = SeedWithout(
            Is("cluster2", "Service", "bar", "httpbin"),
            ("cluster2", Service("""{ "name": "http", "port": 8000, "targetPort": 8080 }, { "name": "tcp-low", "port": 1, "targetPort": 8080 }""")), ("cluster2", entry));

        var result = model.Trace(Probe("cluster2", "httpbin-alias.example.internal", 8000));

        Assert.Empty(result.Arrivals);
        var failure = Assert.Single(result.Failures);
        Assert.Equal((FailureKind.NoServicePort, "kube-proxy"), (failure.Kind, failure.Step));
    }
}
