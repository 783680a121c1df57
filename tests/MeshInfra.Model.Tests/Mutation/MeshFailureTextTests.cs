using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;
using static MeshInfra.Model.Tests.Mutation.GatewayScenarios;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, FailureMessages.cs, TraceFailure.cs and TraceResult.cs survivors inside the mesh: the exact words
/// of a failing hop, from real traces over the seed stack with the objects a user adds (or a half-rotated
/// trust, or clusters taken down), written out here and with two entries in every list the message joins.
/// </summary>
public sealed class MeshFailureTextTests
{
    private static TraceFailure OnlyFailure(TraceResult result)
    {
        Assert.Empty(result.Arrivals);
        return Assert.Single(result.Failures);
    }

    /// <summary>Mutant 8839: a Service's declared ports, comma-separated.</summary>
    [Fact]
    public void APortTheServiceDoesNotDeclareListsItsPorts()
    {
        const string Multi = """
            { "apiVersion": "v1", "kind": "Service", "metadata": { "name": "multi", "namespace": "bar" },
              "spec": { "ports": [ { "name": "http", "port": 8000, "targetPort": 8080 }, { "name": "http-admin", "port": 9000, "targetPort": 8080 } ], "selector": { "app": "httpbin" } } }
            """;
        var failure = OnlyFailure(Seed(("cluster2", Multi)).Trace(Probe("cluster2", "multi.bar.svc.cluster.local", 7000)));
        Assert.Equal(("listener", FailureKind.NoServicePort, "multi.bar.svc.cluster.local declares no port 7000 (ports: 8000, 9000)"), (failure.Step, failure.Kind, failure.Reason));
    }

    /// <summary>Mutants 8850, 8854: a subset whose labels no pod of the Service carries is named with its labels.</summary>
    [Fact]
    public void ALocalSubsetWithoutPodsIsNamedWithItsLabels()
    {
        const string Rule = """
            { "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": { "name": "httpbin-v9", "namespace": "bar" },
              "spec": { "host": "httpbin.bar.svc.cluster.local", "subsets": [ { "name": "v9", "labels": { "version": "v9", "track": "canary" } } ] } }
            """;
        const string Route = """
            { "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "to-v9", "namespace": "bar" },
              "spec": { "hosts": [ "httpbin.bar.svc.cluster.local" ], "http": [ { "route": [ { "destination": { "host": "httpbin.bar.svc.cluster.local", "subset": "v9" } } ] } ] } }
            """;
        var failure = OnlyFailure(Seed(("cluster2", Rule), ("cluster2", Route)).Trace(Probe("cluster2", "httpbin.bar.svc.cluster.local", 8000)));
        Assert.Equal(("endpoints", FailureKind.NoEndpoints, "httpbin.bar.svc.cluster.local selects no pods labelled {track: canary, version: v9}"), (failure.Step, failure.Kind, failure.Reason));
    }

    /// <summary>Mutant 8870: each pod the mTLS endpoint filter drops, with why, semicolon-separated.</summary>
    [Fact]
    public void AChainTheMtlsFilterEmptiesNamesEveryPodItDropped()
    {
        var failure = OnlyFailure(Seed(("cluster2", Httpbin("v2")), ("cluster2", PeerAuthentication("bar", "all-plaintext", "DISABLE"))).Trace(Sleep()));
        Assert.Equal(
            (FailureKind.EmptiedByMtlsFilter, "cluster2's east-west gateway: cluster outbound_.8000_._.httpbin.bar.svc.cluster.local has no endpoints after Istio's mTLS endpoint filter (dropped: "
                + "cluster2/bar/httpbin (v1) (mTLS DISABLE by PeerAuthentication bar/all-plaintext); cluster2/bar/httpbin-v2 (v2) (mTLS DISABLE by PeerAuthentication bar/all-plaintext))"),
            (failure.Kind, failure.Reason));
    }

    /// <summary>
    /// Mutants 8865, 8868, and a misleading text found reading them: a chain whose Service has no pod in the
    /// gateway's cluster was reported as emptied by Istio's mTLS endpoint filter, which dropped nothing. Istio
    /// builds the chain whatever the endpoints (pilot/pkg/networking/core/gateway.go, builtAutoPassthroughFilterChains,
    /// 1.30.3 and 1.31.0-rc.0); the hop now says the Service has none there (NoEndpoints), and the ToString the CLI
    /// prints carries the deciding object.
    /// </summary>
    [Fact]
    public void AChainWhoseServiceHasNoPodsSaysSoNotThatTheFilterEmptiedIt()
    {
        const string Entry = """
            { "apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "metadata": { "name": "empty", "namespace": "foo" },
              "spec": { "hosts": [ "empty.bar.svc.cluster.local" ], "addresses": [ "240.240.0.90" ], "location": "MESH_INTERNAL", "resolution": "STATIC",
                        "ports": [ { "number": 80, "name": "http", "protocol": "HTTP" } ],
                        "endpoints": [ { "address": "@cluster2.gateway", "ports": { "http": 15443 }, "labels": { "security.istio.io/tlsMode": "istio" } } ] } }
            """;
        var failure = OnlyFailure(Seed(("cluster1", Entry), ("cluster2", EmptyService), ("cluster2", PassthroughGateway("empty", "empty.bar.svc.cluster.local")))
            .Trace(Sleep("empty.bar.svc.cluster.local", 80)));
        Assert.Equal(
            "gateway: cluster2's east-west gateway: cluster outbound_.80_._.empty.bar.svc.cluster.local has no endpoints: empty.bar.svc.cluster.local has none in cluster2 [cluster2 Service bar/empty]",
            failure.ToString());
        Assert.Equal(FailureKind.NoEndpoints, failure.Kind);
    }

    /// <summary>Mutants 10309, 10311: a failure no object decided prints no brackets.</summary>
    [Fact]
    public void AFailureNoObjectDecidedPrintsNoBrackets() =>
        Assert.Equal(
            "client: no cluster 'cluster9' in the mesh (clusters: cluster1, cluster2)",
            OnlyFailure(Seed().Trace(TrafficFixture.Request("cluster9/foo/sleep", "httpbin.bar.global", 8000))).ToString());

    /// <summary>Mutant 10345: a request that reaches some pods and fails for others has not succeeded (the CLI's exit code reads it).</summary>
    [Fact]
    public void ARequestDeniedForHalfItsPodsHasNotSucceeded()
    {
        const string DenyV2 = """
            { "apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "metadata": { "name": "deny-v2", "namespace": "bar" },
              "spec": { "selector": { "matchLabels": { "version": "v2" } }, "action": "DENY", "rules": [ { } ] } }
            """;
        var result = Seed(("cluster2", Httpbin("v2")), ("cluster2", DenyV2)).Trace(Sleep());
        Assert.Equal("cluster2 v1 50%", result.SharesText);
        Assert.Equal([FailureKind.AuthorizationDenied], result.Failures.Select(f => f.Kind));
        Assert.False(result.Succeeded);
    }

    /// <summary>Mutant 8874: every SAN the client accepts, space-separated.</summary>
    [Fact]
    public void AnIdentityNoPinnedSanNamesIsRejectedWithEverySan()
    {
        const string Pins = """
            { "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": { "name": "pin", "namespace": "bar" },
              "spec": { "host": "httpbin.bar.svc.cluster.local", "trafficPolicy": { "tls": { "mode": "ISTIO_MUTUAL",
                        "subjectAltNames": [ "spiffe://cluster.local/ns/bar/sa/other", "spiffe://cluster.local/ns/bar/sa/another" ] } } } }
            """;
        var failure = OnlyFailure(Seed(("cluster2", Pins)).Trace(Probe("cluster2", "httpbin.bar.svc.cluster.local", 8000)));
        Assert.Equal(
            "cluster2/bar/httpbin (v1) presents spiffe://cluster.local/ns/bar/sa/httpbin, which the client does not accept (SAN spiffe://cluster.local/ns/bar/sa/other spiffe://cluster.local/ns/bar/sa/another)",
            failure.Reason);
    }

    private static TraceFailure HalfRotated(WorkloadTrust clients, WorkloadTrust servers)
    {
        var (_, _, model) = TrafficFixture.For(Configs.Seed, s => s with
        {
            Trust = s.Name == "cluster1" ? new ClusterTrust(clients, clients) : new ClusterTrust(servers, servers),
        });
        return OnlyFailure(model.Trace(Sleep()));
    }

    /// <summary>Mutants 8876, 8878: during a root rotation, every root each side trusts, joined by " + ".</summary>
    [Fact]
    public void AnUntrustedCertificateNamesEveryRootTheOtherSideTrusts()
    {
        var server = HalfRotated(new WorkloadTrust(["ca/root-a", "ca/root-b"], "ca/root-a"), new WorkloadTrust(["ca/root-c", "ca/root-d"], "ca/root-c"));
        Assert.Equal(
            (FailureKind.ServerCertificateUntrusted, "cluster2/bar/httpbin (v1) presents a certificate chaining to ca/root-c, which cluster1's client does not trust (it trusts ca/root-a + ca/root-b)"),
            (server.Kind, server.Reason));

        var client = HalfRotated(new WorkloadTrust(["ca/root-a", "ca/root-b"], "ca/root-a"), new WorkloadTrust(["ca/root-b", "ca/root-c"], "ca/root-b"));
        Assert.Equal(
            (FailureKind.ClientCertificateUntrusted, "cluster2/bar/httpbin (v1) does not trust cluster1's client certificate, which chains to ca/root-a (it trusts ca/root-b + ca/root-c)"),
            (client.Kind, client.Reason));
    }

    /// <summary>Mutant 8885: every cluster down, comma-separated.</summary>
    [Fact]
    public void EveryEndpointEjectedNamesEveryClusterDown()
    {
        var (_, traffic, _) = TrafficFixture.For(Configs.ThreeClusters.Replace("\"clusters\": [\"east\"]", "\"clusters\": [\"east\", \"west\"]", StringComparison.Ordinal));
        var result = traffic.WithFailover(["east", "west"], []).Model(TrafficFixture.Placeholder).Trace(Probe("edge", "cart.shop.global", 8080));
        Assert.Equal(
            ("down", "every endpoint of cart.shop.global is ejected (clusters down: east, west): Envoy finds no healthy upstream and answers 503"),
            (OnlyFailure(result).Step, OnlyFailure(result).Reason));
    }

    /// <summary>
    /// Mutant 8862: a subset chain of cluster2's gateway whose endpoint is a ClusterIP Service spreading over two
    /// versions (kube-proxy picks among all its pods, whatever the subset): a user's ServiceEntry alias in each cluster.
    /// </summary>
    [Fact]
    public void ASubsetResolvingToAClusterIpOfTwoVersionsNamesBoth()
    {
        const string Remote = """
            { "apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "metadata": { "name": "alias", "namespace": "bar" },
              "spec": { "hosts": [ "alias.example.internal" ], "addresses": [ "240.240.0.91" ], "location": "MESH_INTERNAL", "resolution": "DNS",
                        "ports": [ { "number": 8000, "name": "http", "protocol": "HTTP" } ],
                        "endpoints": [ { "address": "httpbin.bar.svc.cluster.local", "ports": { "http": 8000 }, "labels": { "version": "v1", "security.istio.io/tlsMode": "istio" } } ] } }
            """;
        const string Local = """
            { "apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "metadata": { "name": "alias", "namespace": "foo" },
              "spec": { "hosts": [ "alias.example.internal" ], "addresses": [ "240.240.0.91" ], "location": "MESH_INTERNAL", "resolution": "STATIC",
                        "ports": [ { "number": 8000, "name": "http", "protocol": "HTTP" } ],
                        "endpoints": [ { "address": "@cluster2.gateway", "ports": { "http": 15443 }, "labels": { "version": "v1", "security.istio.io/tlsMode": "istio" } } ] } }
            """;
        static string Subsets(string ns) => """
            { "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": { "name": "alias", "namespace": "NS" },
              "spec": { "host": "alias.example.internal", "subsets": [ { "name": "v1", "labels": { "version": "v1" } } ] } }
            """.Replace("NS", ns, StringComparison.Ordinal);
        const string Route = """
            { "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "alias", "namespace": "foo" },
              "spec": { "hosts": [ "alias.example.internal" ], "http": [ { "route": [ { "destination": { "host": "alias.example.internal", "subset": "v1" } } ] } ] } }
            """;
        var result = Seed(
                ("cluster1", Local), ("cluster1", Subsets("foo")), ("cluster1", Route),
                ("cluster2", Httpbin("v2")), ("cluster2", Remote), ("cluster2", Subsets("bar")), ("cluster2", PassthroughGateway("alias", "alias.example.internal")))
            .Trace(Sleep("alias.example.internal"));
        Assert.Contains(
            "SubsetSpreadsVersions gateway 1 | subset v1 of alias.example.internal resolves to httpbin.bar.svc.cluster.local, whose ClusterIP spreads over versions v1, v2",
            Failures(result));
    }
}
