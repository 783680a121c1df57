using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using static MeshInfra.Model.Tests.Mutation.GatewayScenarios;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Which ServiceEntries the east-west gateway has a chain for: only those in its scope, the services exported to its
/// namespace (istio-eastwest). A gateway's scope is <c>servicesExportedToNamespace(configNamespace)</c>
/// (pilot/pkg/model/sidecar.go, DefaultSidecarScopeForGateway), and builtAutoPassthroughFilterChains
/// (pilot/pkg/networking/core/gateway.go) walks <c>proxy.SidecarScope.Services()</c>; push_context.go,
/// initServiceRegistry sorts each service by its exportTo (else meshConfig.defaultServiceExportTo): <c>*</c> public,
/// <c>~</c> no one, <c>.</c> its own namespace, else the namespaces named. All at 1.30.3 and 1.31.0-rc.0. sleep
/// (cluster1) sends <c>pick.example.internal</c> to cluster2's gateway; cluster2's entry for it lists httpbin's Service.
/// </summary>
public sealed class EastWestServiceVisibilityTests
{
    private const string Host = "pick.example.internal";
    private const string NoChain = "NoFilterChainForSni gateway 1 | cluster2's east-west gateway has no filter chain for SNI outbound_.8000_._.pick.example.internal";
    private const string Forwarded = "GatewayForwarding gateway 1 | a request entering cluster2's east-west gateway is forwarded to httpbin.bar.svc.cluster.local, not served by cluster2's own pods";

    /// <summary>cluster2's entry for the host in <paramref name="ns"/>, with this exportTo (JSON list) or none.</summary>
    private static string Entry(string ns, string? exportTo) =>
        ServiceEntry(ns, "pick", Host, "240.240.0.61", "DNS", MtlsEndpoint("httpbin.bar.svc.cluster.local", 8000))
            .Replace("\"location\":", (exportTo is null ? "" : "\"exportTo\": " + exportTo + ", ") + "\"location\":", StringComparison.Ordinal);

    private static string[] Trace(string entry, ManifestNode? defaultServiceExportTo = null)
    {
        var (_, traffic, _) = TrafficFixture.For(Configs.Seed);
        var dial = traffic.Gateways.Single(g => g.Cluster == "cluster2").Address;
        string[] cluster1 =
        [
            ServiceEntry("foo", "pick", Host, "240.240.0.61", "STATIC", MtlsEndpoint(dial, 15443)),
            TlsRule("foo", "pick", Host, "ISTIO_MUTUAL"),
        ];
        string[] cluster2 = [entry, PassthroughGateway("pick", Host)];
        var edited = traffic with
        {
            Clusters =
            [
                .. traffic.Clusters.Select(c => c.Name == "cluster1" ? c with { Objects = c.Objects.AddRange(cluster1.Select(Obj)) }
                    : c.Name != "cluster2" ? c
                    : c with
                    {
                        Objects = c.Objects.AddRange(cluster2.Select(Obj)),
                        ReleaseValues = defaultServiceExportTo is null ? c.ReleaseValues : c.ReleaseValues.SetItem("istiod", WithMeshConfig(c.ReleaseValues["istiod"], defaultServiceExportTo)),
                    }),
            ],
        };
        return Failures(edited.Model(TrafficFixture.Placeholder).Trace(Sleep(Host)));
    }

    private static MapNode WithMeshConfig(MapNode istiod, ManifestNode defaultServiceExportTo) =>
        TrafficFixture.With(istiod, "meshConfig", TrafficFixture.With(istiod["meshConfig"] as MapNode ?? MapNode.Empty, "defaultServiceExportTo", defaultServiceExportTo));

    [Theory]
    [InlineData("bar", null)]
    [InlineData("bar", "[ \"*\" ]")]
    [InlineData("bar", "[ \"istio-eastwest\" ]")]
    [InlineData("bar", "[ \"foo\", \"istio-eastwest\" ]")]
    [InlineData("istio-eastwest", "[ \".\" ]")]
    public void AnEntryExportedToTheGatewaysNamespaceGetsAChain(string ns, string? exportTo) =>
        Assert.Equal([Forwarded], Trace(Entry(ns, exportTo)));

    [Theory]
    [InlineData("bar", "[ \".\" ]")]
    [InlineData("bar", "[ \"foo\" ]")]
    [InlineData("bar", "[ \"~\" ]")]
    [InlineData("istio-eastwest", "[ \"~\" ]")]
    // ~ beside another entry: validation refuses it (validation.go, validateExportTo: "cannot export service entry to no
    // one (~) and someone"); one that got in anyway is hidden all the same (initServiceRegistry tests ~ before the names).
    [InlineData("bar", "[ \"~\", \"istio-eastwest\" ]")]
    [InlineData("istio-eastwest", "[ \".\", \"~\" ]")]
    public void AnEntryHiddenFromTheGatewaysNamespaceGetsNoChain(string ns, string exportTo) =>
        Assert.Equal([NoChain], Trace(Entry(ns, exportTo)));

    [Fact]
    public void WithoutExportToTheMeshDefaultDecides()
    {
        Assert.Equal([NoChain], Trace(Entry("bar", null), ListNode.Of(".")));
        Assert.Equal([Forwarded], Trace(Entry("istio-eastwest", null), ListNode.Of(".")));
        Assert.Equal([Forwarded], Trace(Entry("bar", "[ \"*\" ]"), ListNode.Of("~")));
    }
}
