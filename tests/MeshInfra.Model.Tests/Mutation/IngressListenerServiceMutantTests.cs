using System.Collections.Immutable;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, TrafficModel.Ingress.cs survivors 11371 to 11373 (the fifth session's run): which Services turn a
/// Gateway server's port into the port the ingress pod listens on. Istio 1.30.3 and 1.31.0-rc.0: a server port
/// that is a port of a Service of the pod listens on that port's targetPort, any other on its own number
/// (pilot/pkg/model/gateway.go, resolvePorts, over proxy.ServiceTargets); the Kubernetes registry's targets are
/// the Services of the pod's own namespace whose selector the pod's labels hold, an empty selector matching
/// nothing (pilot/pkg/serviceregistry/kube/controller/controller.go, GetProxyServiceTargets, listing
/// <c>c.services.List(pod.Namespace, ...)</c>; util.go getPodServices; pkg/config/labels/instance.go
/// Instance.Match: "if len(i) == 0, will return false"); a ServiceEntry without a workloadSelector has no
/// instance at the pod's IP (serviceentry/controller.go, GetProxyServiceTargets).
/// A Gateway "web" serves web.example.com on port 8080, which the chart's Service (15021, 80, 443) lacks; a Service
/// turning 8080 into 80 moves that server onto pod port 80, where a request to the gateway's port 80 then
/// reaches it. Without such a Service the server listens on 8080 and port 80's virtual hosts lack the host.
/// </summary>
public sealed class IngressListenerServiceMutantTests
{
    private const string WebGateway = """
        { "apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": { "name": "web", "namespace": "bar" },
          "spec": { "selector": { "istio": "ingressgateway" }, "servers": [ { "port": { "number": 8080, "name": "http-web", "protocol": "HTTP" }, "hosts": [ "web.example.com" ] } ] } }
        """;

    private const string WebRoute = """
        { "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "web", "namespace": "bar" },
          "spec": { "hosts": [ "web.example.com" ], "gateways": [ "web" ], "http": [ { "route": [ { "destination": { "host": "httpbin.bar.svc.cluster.local", "port": { "number": 8000 } } } ] } ] } }
        """;

    /// <summary>A Service with one port 8080 whose targetPort is 80, with this selector (JSON, or none).</summary>
    private static string PortService(string name, string ns, string? selector) =>
        "{ \"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"" + ns + "\" }, \"spec\": { "
        + (selector is null ? "" : "\"selector\": " + selector + ", ")
        + "\"ports\": [ { \"name\": \"http-alt\", \"port\": 8080, \"targetPort\": 80 } ] } }";

    /// <summary>A ServiceEntry in istio-ingress (no workloadSelector) with port 8080, targetPort 80.</summary>
    private const string PortServiceEntry = """
        { "apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "metadata": { "name": "alt", "namespace": "istio-ingress" },
          "spec": { "hosts": [ "alt.example.internal" ], "location": "MESH_INTERNAL", "resolution": "STATIC", "ports": [ { "number": 8080, "name": "http-alt", "protocol": "HTTP", "targetPort": 80 } ],
                    "endpoints": [ { "address": "10.9.9.9" } ] } }
        """;

    private static TraceResult WebOnPort80(string? extra)
    {
        string[] objects = extra is null ? [WebGateway, WebRoute] : [WebGateway, WebRoute, extra];
        var model = TrafficFixture.For(Configs.BothIngresses, s => s.Name != "cluster2" ? s : s with { Objects = s.Objects.AddRange(objects.Select(ObjectText.Parse)) }).Model;
        return model.Trace(TraceRequest.FromOutside("cluster2", "web.example.com", 80, "/", ImmutableSortedDictionary<string, string>.Empty));
    }

    /// <summary>The control: a Service of istio-ingress selecting the gateway pod (after the chart's by host, so the request still enters the chart's) moves the 8080 server onto pod port 80.</summary>
    [Fact]
    public void AServiceOfThePodsNamespaceSelectingItMovesTheServerOntoItsTargetPort()
    {
        var result = WebOnPort80(PortService("zz-alt", "istio-ingress", """{ "istio": "ingressgateway" }"""));

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(("cluster2", "httpbin", 1.0), (Assert.Single(result.Arrivals).Workload.Cluster, result.Arrivals[0].Workload.App, result.Arrivals[0].Share));
    }

    /// <summary>
    /// Mutants 11371 (another namespace's Service, or any selectorless one, or a ServiceEntry), 11372 and 11373
    /// (a selectorless Service of the pod's namespace): none is a Service of the pod, so the 8080 server stays on
    /// 8080 and port 80 answers 404 for web.example.com.
    /// </summary>
    [Theory]
    [InlineData("bar", """{ "istio": "ingressgateway" }""")]
    [InlineData("istio-ingress", null)]
    [InlineData("serviceentry", null)]
    public void NoOtherServiceMovesTheServer(string ns, string? selector)
    {
        var result = WebOnPort80(ns == "serviceentry" ? PortServiceEntry : PortService("zz-alt", ns, selector));

        Assert.Empty(result.Arrivals);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(("host", "Host 'web.example.com' matches no virtual host on port 80 (hosts: httpbin.example.com): Envoy answers 404 (NR)"), (failure.Step, failure.Reason));
    }
}
