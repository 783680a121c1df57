using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// A sidecar's scope starts from the services exported to its namespace (push_context.go servicesExportedToNamespace,
/// initServiceRegistry; sidecar.go DefaultSidecarScopeForNamespace and ConvertToSidecarScope; 1.30.3 and 1.31.0-rc.0):
/// a ServiceEntry's exportTo, else meshConfig.defaultServiceExportTo. A host outside it has no listener, route or
/// cluster in the proxy, and the DNS proxy does not answer it (name_table.go BuildNameTable reads the scope).
/// </summary>
public sealed class ServiceExportToTests
{
    private static string Entry(string ns, string exportTo) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"ServiceEntry\", \"metadata\": { \"name\": \"partner\", \"namespace\": \"" + ns + "\" }, \"spec\": { \"hosts\": [\"api.partner.internal\"], "
        + "\"addresses\": [\"240.1.0.5\"], \"exportTo\": [" + exportTo + "], \"location\": \"MESH_EXTERNAL\", \"resolution\": \"STATIC\", \"ports\": [ { \"number\": 80, \"name\": \"http\", \"protocol\": \"HTTP\" } ], "
        + "\"endpoints\": [ { \"address\": \"203.0.113.9\" } ] } }";

    private static TraceResult Trace(string host, Func<ClusterState, ClusterState> edit, int port = 80) =>
        TrafficFixture.For(Configs.Seed, s => s.Name != "cluster1" ? s : edit(s)).Model.Trace(TrafficFixture.Request("cluster1/foo/sleep", host, port), explain: true);

    private static Func<ClusterState, ClusterState> Adding(string json) => s => s with { Objects = s.Objects.Add((MapNode)Support.ObjectText.Parse(json)) };

    private static Func<ClusterState, ClusterState> MeshDefaultExportToPrivate => s => s with
    {
        ReleaseValues = s.ReleaseValues.SetItem("istiod", TrafficFixture.With(s.ReleaseValues["istiod"], "meshConfig",
            TrafficFixture.With((MapNode)s.ReleaseValues["istiod"]["meshConfig"]!, "defaultServiceExportTo", ListNode.Of(".")))),
    };

    [Fact]
    public void AServiceEntryExportedOnlyToItsNamespaceIsAnsweredThereAndNowhereElse()
    {
        var own = Trace("api.partner.internal", Adding(Entry("foo", "\".\"")));
        Assert.Contains(own.Hops, h => h.Step == "dns" && h.Detail == "api.partner.internal -> 240.1.0.5 (sidecar DNS proxy)");
        Assert.Contains(own.Hops, h => h.Step == "listener" && h.Detail == "240.1.0.5:80 is api.partner.internal");

        var other = Trace("api.partner.internal", Adding(Entry("bar", "\".\"")));
        Assert.Equal((FailureKind.DnsNoAnswer, "api.partner.internal does not resolve in cluster1: no record for api.partner.internal"), (Assert.Single(other.Failures).Kind, other.Failures[0].Reason));

        var named = Trace("api.partner.internal", Adding(Entry("bar", "\"foo\"")));
        Assert.Contains(named.Hops, h => h.Step == "dns" && h.Detail == "api.partner.internal -> 240.1.0.5 (sidecar DNS proxy)");
    }

    [Fact]
    public void AMeshDefaultOfPrivateServicesHidesMeshInfrasEntryFromAnotherNamespace()
    {
        // CoreDNS still answers the global name, but foo's sidecar has no listener for the entry in bar.
        var result = Trace("httpbin.bar.global", MeshDefaultExportToPrivate, 8000);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(FailureKind.NotExportedPassedThrough, failure.Kind);
        Assert.Equal("httpbin.bar.global is not exported to namespace foo (exportTo: meshConfig.defaultServiceExportTo .): cluster1/foo/sleep's proxy has no route or cluster for 240.0.18.109:8000; outboundTrafficPolicy ALLOW_ANY passes it through to 240.0.18.109, which nothing outside Envoy routes (export the host to foo)", failure.Reason);
    }

    [Fact]
    public void UnderRegistryOnlyAnEntryNotExportedToTheClientIsBlackHoled()
    {
        MapNode RegistryOnly(MapNode meshConfig) => TrafficFixture.With(meshConfig, "outboundTrafficPolicy", MapNode.Of(("mode", "REGISTRY_ONLY")));
        var result = Trace("httpbin.bar.global", s =>
        {
            var hidden = MeshDefaultExportToPrivate(s);
            return hidden with { ReleaseValues = hidden.ReleaseValues.SetItem("istiod", TrafficFixture.With(hidden.ReleaseValues["istiod"], "meshConfig", RegistryOnly((MapNode)hidden.ReleaseValues["istiod"]["meshConfig"]!))) };
        }, 8000);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(FailureKind.NotExportedBlackHoled, failure.Kind);
        Assert.Equal("httpbin.bar.global is not exported to namespace foo (exportTo: meshConfig.defaultServiceExportTo .): cluster1/foo/sleep's proxy has no route or cluster for 240.0.18.109:8000, and outboundTrafficPolicy REGISTRY_ONLY sends it to BlackHoleCluster: Envoy answers 502 (export the host to foo)", failure.Reason);
    }

    [Fact]
    public void AKubernetesServiceNotExportedToTheClientIsPassedThroughInPlaintext()
    {
        var result = TrafficFixture.For(Configs.Seed, s => s.Name != "cluster1" ? s : MeshDefaultExportToPrivate(s)).Model
            .Trace(TrafficFixture.Request("cluster1/foo/sleep", "details.default.svc.cluster.local", 9080), explain: true);
        Assert.Contains(result.Hops, h => h.Step == "sidecar" && h.Detail == "details.default.svc.cluster.local is not exported to namespace foo (exportTo: meshConfig.defaultServiceExportTo .); outboundTrafficPolicy ALLOW_ANY passes it through, unencrypted, and kube-proxy picks a pod of details.default.svc.cluster.local");
        var failure = Assert.Single(result.Failures);
        Assert.Equal(FailureKind.PlaintextRefused, failure.Kind);
        Assert.Equal("cluster1/default/details-v1 (v1) accepts only mTLS on port 9080 (STRICT by PeerAuthentication istio-system/default), and the client's sidecar sends this request in plaintext (details.default.svc.cluster.local is not exported to namespace foo (exportTo: meshConfig.defaultServiceExportTo .), so it leaves through PassthroughCluster, which has no TLS): the connection is reset", failure.Reason);
    }

    [Theory]
    [InlineData(".", false)]
    [InlineData("bar, foo", true)]
    [InlineData("~", false)]
    [InlineData("", true)]
    public void AKubernetesServicesExportToAnnotationDecidesWhichSidecarsKnowIt(string annotation, bool known)
    {
        // kube/conversion.go ConvertService: the annotation, split at commas and trimmed, is the Service's exportTo.
        static MapNode Annotated(MapNode service, string value)
        {
            var meta = (MapNode)service["metadata"]!;
            return TrafficFixture.With(service, "metadata", TrafficFixture.With(meta, "annotations", MapNode.Of(("networking.istio.io/exportTo", value))));
        }

        var result = Trace("details.default.svc.cluster.local", s => TrafficFixture.Replace(s, "Service", "details", d => Annotated(d, annotation)), 9080);
        Assert.Equal(known ? "" : "PlaintextRefused", string.Join(" ", result.Failures.Select(f => f.Kind)));
    }

    [Fact]
    public void AnEntryWithItsOwnExportToIsNamedWithItAndDecidesTheFailure()
    {
        // MeshInfra's entry for httpbin.bar.global edited to be exported to two other namespaces only; CoreDNS still answers.
        static ClusterState Narrowed(ClusterState s) => TrafficFixture.Replace(s, "ServiceEntry", "httpbin.bar.global", se =>
            TrafficFixture.With(se, "spec", TrafficFixture.With((MapNode)se["spec"]!, "exportTo", ListNode.Of("bar", "istio-system"))));
        var failure = Assert.Single(Trace("httpbin.bar.global", Narrowed, 8000).Failures);
        Assert.StartsWith("httpbin.bar.global is not exported to namespace foo (exportTo: bar istio-system):", failure.Reason);
        Assert.Equal("ServiceEntry", failure.At?.Kind);
    }

    [Fact]
    public void TheMeshDefaultIsNamedWithEveryNamespaceItHolds()
    {
        var result = Trace("httpbin.bar.global", s => s with
        {
            ReleaseValues = s.ReleaseValues.SetItem("istiod", TrafficFixture.With(s.ReleaseValues["istiod"], "meshConfig",
                TrafficFixture.With((MapNode)s.ReleaseValues["istiod"]["meshConfig"]!, "defaultServiceExportTo", ListNode.Of(".", "istio-system")))),
        }, 8000);
        Assert.StartsWith("httpbin.bar.global is not exported to namespace foo (exportTo: meshConfig.defaultServiceExportTo . istio-system):", Assert.Single(result.Failures).Reason);
    }

    [Fact]
    public void AHostTheSidecarDoesNotImportIsDecidedByTheSidecar()
    {
        const string OnlyOwnNamespace = """{ "apiVersion": "networking.istio.io/v1", "kind": "Sidecar", "metadata": { "name": "default", "namespace": "foo" }, "spec": { "egress": [ { "hosts": [ "./*" ] } ] } }""";
        var failure = Assert.Single(Trace("httpbin.bar.global", Adding(OnlyOwnNamespace), 8000).Failures);
        Assert.Equal(FailureKind.NotImportedPassedThrough, failure.Kind);
        Assert.Equal(new ObjectRef("cluster1", "Sidecar", "foo", "default"), failure.At);
    }
}
