using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;
using static MeshInfra.Model.Tests.Mutation.GatewayScenarios;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Which port of a Kubernetes Service a request reaches the pods on (issue 17: mutant 11060 of
/// TrafficModel.Pods.cs, 7927 of ClusterView.cs). kube-proxy has a rule only for the ports a Service declares
/// (kubernetes pkg/proxy/iptables/proxier.go, syncProxyRules, one KUBE-SERVICES rule per ClusterIP and declared
/// port; pkg/proxy/nftables/proxier.go rejects the rest, "Reject traffic to invalid ports of ClusterIPs"). The API
/// server defaults a targetPort that is unset, 0 or "" to the port (pkg/apis/core/v1/defaults.go,
/// SetDefaults_Service), and a named targetPort is resolved per pod against its containers' ports of that name and
/// protocol, TCP unless written on either side (pkg/api/v1/pod/util.go, FindPort; SetDefaults_ContainerPort); a pod
/// without it is no endpoint of the port (pkg/controller/endpoint/endpoints_controller.go, syncService).
/// </summary>
public sealed class ServicePortMutantTests
{
    private const string Httpbin = "httpbin.bar.svc.cluster.local";

    /// <summary>bar PERMISSIVE, so a client without a sidecar reaches httpbin where the port lets it.</summary>
    private static readonly string Permissive = PeerAuthentication("bar", "permissive", "PERMISSIVE");

    private static TraceResult WithoutSidecar(TrafficModel model, int port) =>
        model.Trace(TrafficFixture.Request("cluster2/istio-system/x", Httpbin, port));

    private static TraceResult WithSidecar(TrafficModel model, int port) => model.Trace(Probe("cluster2", Httpbin, port));

    /// <summary>httpbin's Service in cluster2 with the given port entry.</summary>
    private static string HttpbinService(string port) => $$"""
        { "apiVersion": "v1", "kind": "Service", "metadata": { "name": "httpbin", "namespace": "bar", "labels": { "app": "httpbin" } },
          "spec": { "ports": [ {{port}} ], "selector": { "app": "httpbin" } } }
        """;

    /// <summary>httpbin v1 in cluster2's bar whose container declares <paramref name="ports"/>.</summary>
    private static string HttpbinDeployment(string ports) => $$"""
        { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "httpbin", "namespace": "bar", "labels": { "app": "httpbin", "version": "v1" } },
          "spec": { "replicas": 1, "selector": { "matchLabels": { "app": "httpbin", "version": "v1" } },
                    "template": { "metadata": { "labels": { "app": "httpbin", "version": "v1" } },
                                  "spec": { "serviceAccountName": "httpbin", "containers": [ { "name": "httpbin", "image": "docker.io/mccutchen/go-httpbin:v2.15.0", "ports": [ {{ports}} ] } ] } } } }
        """;

    /// <summary>The seed with httpbin's Service replaced by one with <paramref name="port"/>, and its Deployment by one with <paramref name="containerPorts"/> when given.</summary>
    private static TrafficModel Httpbins(string port, string? containerPorts, params string[] added) =>
        SeedWithout(
            (c, o) => Is("cluster2", "Service", "bar", "httpbin")(c, o) || (containerPorts is not null && Is("cluster2", "Deployment", "bar", "httpbin")(c, o)),
            [("cluster2", HttpbinService(port)), .. containerPorts is null ? [] : new[] { ("cluster2", HttpbinDeployment(containerPorts)) }, .. added.Select(a => ("cluster2", a))]);

    private static string Denied(int port, string from) =>
        $"AuthorizationDenied authz 1 | cluster2/bar/httpbin (v1): DENY policy bar/deny-{port} rule 0 matches GET / on port {port} from {from}: the sidecar answers 403 (RBAC: access denied)";

    private const string ProbeIdentity = "spiffe://cluster.local/ns/meshinfra-probe/sa/default";

    [Fact]
    public void AClientWithoutASidecarDiallingAPortTheServiceDoesNotDeclareReachesNoPod()
    {
        var model = Seed(("cluster2", Permissive));

        var declared = WithoutSidecar(model, 8000);
        var undeclared = WithoutSidecar(model, 9000);
        var sidecar = WithSidecar(model, 9000);

        Assert.Equal(["cluster2/bar/httpbin (v1)"], declared.Arrivals.Select(a => a.Workload.ToString()));
        Assert.Empty(undeclared.Arrivals);
        Assert.Equal(["NoServicePort kube-proxy 1 | httpbin.bar.svc.cluster.local declares no port 9000 (ports: 8000)"], Failures(undeclared));
        Assert.DoesNotContain(undeclared.Hops, h => h.Detail.Contains("chosen by kube-proxy", StringComparison.Ordinal));

        // The sidecar has no listener for it either: the same failure.
        Assert.Empty(sidecar.Arrivals);
        Assert.Equal(["NoServicePort listener 1 | httpbin.bar.svc.cluster.local declares no port 9000 (ports: 8000)"], Failures(sidecar));
    }

    [Fact]
    public void APassedThroughConnectionToAPortTheServiceDoesNotDeclareReachesNoPod()
    {
        // The probe's Sidecar imports only its own namespace: ALLOW_ANY passes httpbin's ClusterIP through to kube-proxy.
        const string ownNamespaceOnly = """
            { "apiVersion": "networking.istio.io/v1", "kind": "Sidecar", "metadata": { "name": "default", "namespace": "meshinfra-probe" },
              "spec": { "egress": [ { "hosts": [ "./*" ] } ] } }
            """;
        var model = Seed(("cluster2", Permissive), ("cluster2", ownNamespaceOnly));

        var declared = WithSidecar(model, 8000);
        var undeclared = WithSidecar(model, 9000);

        Assert.Equal(["cluster2/bar/httpbin (v1)"], declared.Arrivals.Select(a => a.Workload.ToString()));
        Assert.Empty(undeclared.Arrivals);
        Assert.Equal(["NoServicePort kube-proxy 1 | httpbin.bar.svc.cluster.local declares no port 9000 (ports: 8000)"], Failures(undeclared));
    }

    [Fact]
    public void AServiceEntryEndpointOnAPortTheLocalServiceDoesNotDeclareReachesNoPod()
    {
        // The endpoint is httpbin's ClusterIP: on 8000 kube-proxy spreads over its pods, on 9000 it has no rule.
        var declared = ServiceEntry("bar", "httpbin-alias", "httpbin-alias.example.internal", "240.240.0.70", "DNS", """{ "address": "httpbin.bar.svc.cluster.local", "ports": { "http": 8000 } }""");
        var undeclared = ServiceEntry("bar", "httpbin-alias", "httpbin-alias.example.internal", "240.240.0.70", "DNS", """{ "address": "httpbin.bar.svc.cluster.local", "ports": { "http": 9000 } }""");

        var reached = Seed(("cluster2", declared)).Trace(Probe("cluster2", "httpbin-alias.example.internal", 8000));
        var result = Seed(("cluster2", undeclared)).Trace(Probe("cluster2", "httpbin-alias.example.internal", 8000));

        Assert.Equal(["cluster2/bar/httpbin (v1)"], reached.Arrivals.Select(a => a.Workload.ToString()));
        Assert.Empty(result.Arrivals);
        Assert.Equal(["NoServicePort kube-proxy 1 | httpbin.bar.svc.cluster.local declares no port 9000 (ports: 8000)"], Failures(result));
    }

    [Fact]
    public void ARouteToAPortTheServiceDoesNotDeclareHasNoCluster()
    {
        // istiod builds outbound|9000||httpbin... for no port the Service lacks: Envoy has no such cluster.
        const string route = """
            { "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "httpbin-port", "namespace": "bar" },
              "spec": { "hosts": [ "httpbin.bar.svc.cluster.local" ], "http": [ { "route": [ { "destination": { "host": "httpbin.bar.svc.cluster.local", "port": { "number": 9000 } } } ] } ] } }
            """;

        var result = WithSidecar(Seed(("cluster2", route)), 8000);

        Assert.Empty(result.Arrivals);
        Assert.Equal(["NoServicePort cluster 1 | no cluster outbound|9000||httpbin.bar.svc.cluster.local: httpbin.bar.svc.cluster.local declares no port 9000 (ports: 8000): Envoy answers 503 (NC)"], Failures(result));
    }

    [Theory]
    [InlineData("""{ "name": "http", "port": 8000 }""")]
    [InlineData("""{ "name": "http", "port": 8000, "targetPort": 0 }""")]
    [InlineData("""{ "name": "http", "port": 8000, "targetPort": "" }""")]
    public void AServicePortWithoutATargetPortReachesThePodsOnThePortItself(string port)
    {
        // A DENY on the pod's port 8000 applies on the sidecar path and the kube-proxy path; one on 8080 does not.
        var denied = Httpbins(port, null, Permissive, DenyPort(8000));
        var other = Httpbins(port, null, Permissive, DenyPort(8080));

        Assert.Equal([Denied(8000, ProbeIdentity)], Failures(WithSidecar(denied, 8000)));
        Assert.Equal([Denied(8000, "a peer without mTLS (no identity)")], Failures(WithoutSidecar(denied, 8000)));
        Assert.Empty(WithSidecar(denied, 8000).Arrivals);
        Assert.Equal(["cluster2/bar/httpbin (v1)"], WithSidecar(other, 8000).Arrivals.Select(a => a.Workload.ToString()));
        Assert.Equal(["cluster2/bar/httpbin (v1)"], WithoutSidecar(other, 8000).Arrivals.Select(a => a.Workload.ToString()));
    }

    [Fact]
    public void ANamedTargetPortIsTheContainerPortOfThatNameWhenNeitherSideWritesAProtocol()
    {
        // Both protocols default to TCP: the name resolves to 8080, where the DENY applies.
        var denied = Httpbins("""{ "name": "http", "port": 8000, "targetPort": "http" }""", """{ "name": "http", "containerPort": 8080 }""", Permissive, DenyPort(8080));
        var other = Httpbins("""{ "name": "http", "port": 8000, "targetPort": "http" }""", """{ "name": "http", "containerPort": 8080 }""", Permissive, DenyPort(8000));

        Assert.Equal([Denied(8080, ProbeIdentity)], Failures(WithSidecar(denied, 8000)));
        Assert.Equal([Denied(8080, "a peer without mTLS (no identity)")], Failures(WithoutSidecar(denied, 8000)));
        Assert.Equal(["cluster2/bar/httpbin (v1)"], WithSidecar(other, 8000).Arrivals.Select(a => a.Workload.ToString()));
        Assert.Equal(["cluster2/bar/httpbin (v1)"], WithoutSidecar(other, 8000).Arrivals.Select(a => a.Workload.ToString()));
    }

    [Fact]
    public void ANamedTargetPortResolvesOnASidecarContainerButNotOnAnInitContainer()
    {
        // FindPort reads init containers too when they run beside the others (restartPolicy: Always).
        static string Pod(string restartPolicy) => $$"""
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "httpbin-pod", "namespace": "bar", "labels": { "app": "httpbin", "version": "v1", "security.istio.io/tlsMode": "istio" } },
              "spec": { "serviceAccountName": "httpbin", "containers": [ { "name": "httpbin", "ports": [ { "containerPort": 8080 } ] } ],
                        "initContainers": [ { "name": "proxy", {{restartPolicy}}"ports": [ { "name": "http", "containerPort": 8081 } ] } ] } }
            """;
        var service = HttpbinService("""{ "name": "http", "port": 8000, "targetPort": "http" }""");
        TrafficModel Model(string restartPolicy) => SeedWithout(
            (c, o) => Is("cluster2", "Service", "bar", "httpbin")(c, o) || Is("cluster2", "Deployment", "bar", "httpbin")(c, o),
            ("cluster2", service), ("cluster2", Pod(restartPolicy)), ("cluster2", DenyPort(8081)));

        Assert.Equal(
            ["AuthorizationDenied authz 1 | cluster2/bar/httpbin-pod (v1): DENY policy bar/deny-8081 rule 0 matches GET / on port 8081 from spiffe://cluster.local/ns/meshinfra-probe/sa/default: the sidecar answers 403 (RBAC: access denied)"],
            Failures(WithSidecar(Model("\"restartPolicy\": \"Always\", "), 8000)));
        Assert.Equal(
            ["NoEndpoints endpoints 1 | port 8000 of httpbin.bar.svc.cluster.local targets the container port named http (TCP), which no pod it selects declares (cluster2/bar/httpbin-pod (v1)): Kubernetes lists no endpoint for it"],
            Failures(WithSidecar(Model(""), 8000)));
    }

    [Fact]
    public void NoPodDeclaringTheNamedTargetPortNamesEveryPodItSelects()
    {
        static string Pod(string name) => $$"""
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "{{name}}", "namespace": "bar", "labels": { "app": "httpbin", "version": "v1", "security.istio.io/tlsMode": "istio" } },
              "spec": { "serviceAccountName": "httpbin", "containers": [ { "name": "httpbin", "ports": [ { "containerPort": 8080 } ] } ] } }
            """;
        var model = SeedWithout(
            (c, o) => Is("cluster2", "Service", "bar", "httpbin")(c, o) || Is("cluster2", "Deployment", "bar", "httpbin")(c, o),
            ("cluster2", HttpbinService("""{ "name": "http", "port": 8000, "targetPort": "http" }""")), ("cluster2", Pod("httpbin-a")), ("cluster2", Pod("httpbin-b")));

        Assert.Equal(
            ["NoEndpoints endpoints 1 | port 8000 of httpbin.bar.svc.cluster.local targets the container port named http (TCP), which no pod it selects declares (cluster2/bar/httpbin-a (v1), cluster2/bar/httpbin-b (v1)): Kubernetes lists no endpoint for it"],
            Failures(WithSidecar(model, 8000)));
    }

    [Fact]
    public void ANamedTargetPortOfAnotherProtocolOrNameIsNoEndpoint()
    {
        const string expected = "NoEndpoints endpoints 1 | port 8000 of httpbin.bar.svc.cluster.local targets the container port named http (TCP), which no pod it selects declares (cluster2/bar/httpbin (v1)): Kubernetes lists no endpoint for it";
        foreach (var containerPorts in new[] { """{ "name": "web", "containerPort": 8080 }""", """{ "name": "http", "containerPort": 8080, "protocol": "UDP" }""", """{ "containerPort": 8080 }""" })
        {
            var model = Httpbins("""{ "name": "http", "port": 8000, "targetPort": "http" }""", containerPorts, Permissive);

            Assert.Equal([expected], Failures(WithSidecar(model, 8000)));
            Assert.Equal([expected], Failures(WithoutSidecar(model, 8000)));
            Assert.Empty(WithSidecar(model, 8000).Arrivals);
        }
    }

    [Fact]
    public void APodWithoutTheNamedTargetPortIsLeftOutAndTheOthersTakeItsShare()
    {
        // httpbin-v2 declares only an unnamed 8080: Kubernetes lists v1 alone behind the port.
        var model = Httpbins("""{ "name": "http", "port": 8000, "targetPort": "http" }""", """{ "name": "http", "containerPort": 8080 }""", Permissive, GatewayScenarios.Httpbin("v2"));

        var result = WithSidecar(model, 8000);

        Assert.Empty(result.Failures);
        Assert.Equal(["cluster2/bar/httpbin (v1) 1"], result.Arrivals.Select(a => $"{a.Workload} {a.Share}"));
        Assert.Contains(result.Hops, h => h.Detail == "port 8000 of httpbin.bar.svc.cluster.local leaves out cluster2/bar/httpbin-v2 (v2): no container port named http (TCP)");
    }

    [Fact]
    public void AcrossTheEastWestGatewayAPodWithoutTheNamedTargetPortIsNoEndpoint()
    {
        var resolved = Httpbins("""{ "name": "http", "port": 8000, "targetPort": "http" }""", """{ "name": "http", "containerPort": 8080 }""", DenyPort(8080));
        var unresolved = Httpbins("""{ "name": "http", "port": 8000, "targetPort": "http" }""", """{ "name": "web", "containerPort": 8080 }""");

        Assert.Equal(
            ["AuthorizationDenied authz 1 | cluster2/bar/httpbin (v1): DENY policy bar/deny-8080 rule 0 matches GET / on port 8080 from spiffe://cluster.local/ns/foo/sa/sleep: the sidecar answers 403 (RBAC: access denied)"],
            Failures(resolved.Trace(Sleep())));
        var failure = Assert.Single(unresolved.Trace(Sleep()).Failures);
        Assert.Equal(FailureKind.EmptiedByMtlsFilter, failure.Kind);
        Assert.EndsWith("(dropped: cluster2/bar/httpbin (v1) (no container port named http (TCP): no endpoint of port 8000))", failure.Reason, StringComparison.Ordinal);
    }
}
