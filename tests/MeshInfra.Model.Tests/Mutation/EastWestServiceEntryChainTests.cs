using MeshInfra.Model.Traffic;
using static MeshInfra.Model.Tests.Mutation.GatewayScenarios;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// A cross-cluster request whose SNI names a service cluster2 knows only from a ServiceEntry: sleep (cluster1) sends
/// <c>pick.example.internal</c> to cluster2's east-west gateway (cluster1's entry lists that gateway; its
/// DestinationRule sets the SNI by hand, as DESIGN.md step 6 allows), and cluster2's entry for the same host lists
/// Kubernetes Services of cluster2 (DNS names). Where the request lands: the endpoints of the chain's cluster that
/// Istio keeps, each forwarded through kube-proxy to its pods. The Stryker run at 9f80ae2 (issue 17) found no test
/// reading the subset filter, the version check and the drop reasons of this chain (Traffic/EastWestGateways.cs, Filter).
/// <para>
/// Istio 1.30.3 (the same at 1.31.0-rc.0): pilot/pkg/networking/core/gateway.go, builtAutoPassthroughFilterChains
/// gives every non-MESH_EXTERNAL service of the gateway's scope that the server's hosts admit, ServiceEntries
/// included, a chain per port and per subset of the gateway's DestinationRule; cluster.go,
/// buildOutboundSniDnatClusters builds their clusters (resolution DNS: STRICT_DNS, convertResolution);
/// cluster_builder.go, buildSubsetCluster fills a DNS subset cluster from
/// <c>endpointBuilder.WithSubset(subset.Name).FromServiceEndpoints()</c>, the endpoints whose labels hold every
/// label of the subset (pkg/config/labels/instance.go, Instance.SubsetOf); pilot/pkg/xds/endpoints/endpoint_builder.go,
/// generate: an <c>outbound_.</c> (SNI-DNAT) cluster keeps only the endpoints it would send mTLS to
/// (ep_filters.go, EndpointsWithMTLSFilter), an inline endpoint's tlsMode being its
/// <c>security.istio.io/tlsMode</c> label, else <c>istio</c> where it has a serviceAccount
/// (pilot/pkg/serviceregistry/serviceentry/conversion.go, getTLSModeFromWorkloadEntry).
/// </para>
/// </summary>
public sealed class EastWestServiceEntryChainTests
{
    private const string Host = "pick.example.internal";
    private const string Httpbin = "httpbin.bar.svc.cluster.local";
    private const string Reviews = "reviews.default.svc.cluster.local";
    private const string Ratings = "ratings.default.svc.cluster.local";

    private static string Sni(string? subset) => $"outbound_.8000_.{subset}_.{Host}";

    /// <summary>An endpoint of cluster2's entry: a Service's DNS name on its port, with these labels (JSON members) and fields.</summary>
    private static string Endpoint(string address, int port, string labels, string extra = "") =>
        $$"""{ "address": "{{address}}", "ports": { "http": {{port}} }, "labels": { {{labels}} }{{extra}} }""";

    private const string Mtls = "\"security.istio.io/tlsMode\": \"istio\"";

    /// <summary>cluster2's DestinationRule for the host, in the gateway's namespace: the subsets given (name, labels as JSON members).</summary>
    private static string GatewayRule(params (string Name, string Labels)[] subsets) => $$"""
        { "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": { "name": "pick", "namespace": "istio-system" },
          "spec": { "host": "{{Host}}", "trafficPolicy": { "tls": { "mode": "ISTIO_MUTUAL" } },
                    "subsets": [ {{string.Join(", ", subsets.Select(s => $$"""{ "name": "{{s.Name}}", "labels": { {{s.Labels}} } }"""))}} ] } }
        """;

    /// <summary>sleep's request to the host with SNI <paramref name="sni"/>, cluster2 holding the entry of these endpoints and these objects.</summary>
    private static TraceResult Trace(string sni, string[] endpoints, params string[] cluster2Objects) =>
        Seed([
            ("cluster1", ServiceEntry("foo", "pick", Host, "240.240.0.60", "STATIC", MtlsEndpoint("@cluster2.gateway", 15443))),
            ("cluster1", TlsRule("foo", "pick", Host, "ISTIO_MUTUAL", sni)),
            ("cluster2", ServiceEntry("istio-system", "pick", Host, "240.240.0.60", "DNS", endpoints)),
            ("cluster2", PassthroughGateway("pick", Host)),
            .. cluster2Objects.Select(o => ("cluster2", o)),
        ]).Trace(Sleep(Host));

    private static string Forwarded(string address, string share = "1") => $"GatewayForwarding gateway {share} | a request entering cluster2's east-west gateway is forwarded to {address}, not served by cluster2's own pods";

    private static string[] Arrivals(TraceResult result) => [.. result.Arrivals.Select(a => $"{a.Workload} {a.Share.ToString(System.Globalization.CultureInfo.InvariantCulture)}")];

    private static readonly string[] ThreeServices =
    [
        Endpoint(Httpbin, 8000, Mtls + """, "version": "v1", "track": "stable" """),
        Endpoint(Reviews, 9080, Mtls + """, "version": "v1", "track": "canary" """),
        Endpoint(Ratings, 9080, Mtls + """, "version": "v9", "track": "canary" """),
    ];

    /// <summary>
    /// The subset chain keeps the endpoints carrying EVERY label of the subset with its value (Instance.SubsetOf):
    /// httpbin's (v1, stable), not reviews' (v1 only) nor ratings' (neither). httpbin's Service selects one
    /// version, so kube-proxy's spread is no defect: the one failure is the forward itself.
    /// </summary>
    [Fact]
    public void ASubsetChainKeepsOnlyTheEndpointsThatCarryEveryLabelOfTheSubset()
    {
        var result = Trace(Sni("stable"), ThreeServices, GatewayRule(("stable", "\"version\": \"v1\", \"track\": \"stable\"")));

        Assert.Equal(["cluster2/bar/httpbin (v1) 1"], Arrivals(result));
        Assert.Equal([Forwarded(Httpbin)], Failures(result));
        Assert.Contains($"2 endpoints | {Httpbin}", Hops(result));
    }

    /// <summary>The chain without a subset keeps every endpoint, each its share; reviews' two versions are no defect there (no subset was asked).</summary>
    [Fact]
    public void TheChainWithoutASubsetKeepsEveryEndpointAndChecksNoVersions()
    {
        var result = Trace(Sni(null), ThreeServices, GatewayRule(("stable", "\"version\": \"v1\", \"track\": \"stable\"")));

        Assert.Equal(
            ["cluster2/bar/httpbin (v1) 0.3333333333333333", "cluster2/default/reviews-v2 (v2) 0.16666666666666666", "cluster2/default/reviews-v3 (v3) 0.16666666666666666", "cluster2/default/ratings-v1 (v1) 0.3333333333333333"],
            Arrivals(result));
        const string Third = "0.3333333333333333";
        Assert.Equal([Forwarded(Httpbin, Third), Forwarded(Reviews, Third), Forwarded(Ratings, Third)], Failures(result));
    }

    /// <summary>
    /// A subset whose endpoint is a ClusterIP over several versions cannot hold to its versions: kube-proxy spreads
    /// over every pod of the Service. The model names the versions, a pod without a version label as
    /// "unversioned", sorted.
    /// </summary>
    [Fact]
    public void ASubsetEndpointWhoseClusterIpSpreadsOverVersionsIsReportedWithThem()
    {
        var result = Trace(Sni("canary"), ThreeServices, GatewayRule(("canary", "\"version\": \"v1\", \"track\": \"canary\"")));

        Assert.Equal(["cluster2/default/reviews-v2 (v2) 0.5", "cluster2/default/reviews-v3 (v3) 0.5"], Arrivals(result));
        Assert.Equal(
        [
            $"SubsetSpreadsVersions gateway 1 | subset canary of {Host} resolves to {Reviews}, whose ClusterIP spreads over versions v2, v3",
            Forwarded(Reviews),
        ], Failures(result));

        var unversioned = Trace(Sni("stable"), ThreeServices, GatewayRule(("stable", "\"version\": \"v1\", \"track\": \"stable\"")), UnversionedHttpbin);
        Assert.Equal(
        [
            $"SubsetSpreadsVersions gateway 1 | subset stable of {Host} resolves to {Httpbin}, whose ClusterIP spreads over versions unversioned, v1",
            Forwarded(Httpbin),
        ], Failures(unversioned));
    }

    /// <summary>
    /// The mTLS filter keeps an endpoint labelled tlsMode istio, or without the label but with a serviceAccount; it
    /// drops one with neither, and one whose label says otherwise even with a serviceAccount (the label wins), and says why.
    /// </summary>
    [Fact]
    public void TheMtlsFilterKeepsLabelledOrServiceAccountEndpointsAndNamesTheOnesItDrops()
    {
        var result = Trace(Sni(null),
        [
            Endpoint(Httpbin, 8000, ""),
            Endpoint(Reviews, 9080, "", """, "serviceAccount": "bookinfo-reviews" """),
            Endpoint(Ratings, 9080, "\"security.istio.io/tlsMode\": \"disabled\"", """, "serviceAccount": "bookinfo-ratings" """),
        ]);

        Assert.Equal(["cluster2/default/reviews-v2 (v2) 0.5", "cluster2/default/reviews-v3 (v3) 0.5"], Arrivals(result));
        Assert.Contains(
            $"2 endpoints | {Reviews} (dropped by the mTLS filter: {Httpbin} (ServiceEntry endpoint without the tlsMode label or a serviceAccount: tlsMode disabled); {Ratings} (ServiceEntry endpoint without the tlsMode label or a serviceAccount: tlsMode disabled))",
            Hops(result));

        var none = Trace(Sni(null), [Endpoint(Httpbin, 8000, "")]);
        Assert.Empty(none.Arrivals);
        Assert.Equal(
            [$"EmptiedByMtlsFilter gateway 1 | cluster2's east-west gateway: cluster {Sni(null)} has no endpoints after Istio's mTLS endpoint filter (dropped: {Httpbin} (ServiceEntry endpoint without the tlsMode label or a serviceAccount: tlsMode disabled))"],
            Failures(none));
    }

    /// <summary>
    /// cluster2's entry with resolution STATIC: its cluster is EDS, which keeps only IP endpoints
    /// (endpoint_builder.go, BuildClusterLoadAssignment); httpbin's DNS name is left out, so the cluster is empty and
    /// the request goes nowhere (Istio's validation refuses such an entry: validateWorkloadEntry wants an IP).
    /// </summary>
    [Fact]
    public void AStaticEntryKeepsNoNameEndpoint()
    {
        var result = Seed(
            ("cluster1", ServiceEntry("foo", "pick", Host, "240.240.0.60", "STATIC", MtlsEndpoint("@cluster2.gateway", 15443))),
            ("cluster1", TlsRule("foo", "pick", Host, "ISTIO_MUTUAL")),
            ("cluster2", ServiceEntry("istio-system", "pick", Host, "240.240.0.60", "STATIC", Endpoint(Httpbin, 8000, Mtls))),
            ("cluster2", PassthroughGateway("pick", Host))).Trace(Sleep(Host));

        Assert.Empty(result.Arrivals);
        Assert.Equal(
            [$"EmptiedByMtlsFilter gateway 1 | cluster2's east-west gateway: cluster {Sni(null)} has no endpoints after Istio's mTLS endpoint filter (dropped: {Httpbin} (resolution STATIC: not an IP, left out of the EDS cluster))"],
            Failures(result));
    }

    /// <summary>A second httpbin Deployment in bar without a version label: httpbin's Service selects it too.</summary>
    private const string UnversionedHttpbin = """
        { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "httpbin-plain", "namespace": "bar", "labels": { "app": "httpbin" } },
          "spec": { "replicas": 1, "selector": { "matchLabels": { "app": "httpbin" } },
                    "template": { "metadata": { "labels": { "app": "httpbin" } },
                                  "spec": { "serviceAccountName": "httpbin", "containers": [ { "name": "httpbin", "image": "docker.io/mccutchen/go-httpbin:v2.15.0", "ports": [ { "containerPort": 8080 } ] } ] } } } }
        """;
}
