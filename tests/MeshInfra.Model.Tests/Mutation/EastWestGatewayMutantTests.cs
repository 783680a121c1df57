using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// What cluster2's east-west gateway admits of sleep's request to httpbin.bar.global:8000 from cluster1, as the
/// Stryker run over Traffic/EastWestGateways.cs (issue 17, docs/quality.md) showed no test had: which Gateway
/// servers it takes, the pod port its PeerAuthentication is read on, and the reason each dropped pod is given.
/// httpbin's Service port is 8000, its targetPort 8080.
/// </summary>
public sealed class EastWestGatewayMutantTests
{
    private static TraceRequest Sleep() => TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000) with { Path = "/" };

    private static MapNode Obj(string json) => Support.ObjectText.Parse(json);

    private static TrafficModel Cluster2(Func<ClusterState, ClusterState> edit) =>
        TrafficFixture.For(Configs.Seed, s => s.Name == "cluster2" ? edit(s) : s).Model;

    private static Func<ClusterState, ClusterState> Adding(string json) => s => s with { Objects = s.Objects.Add(Obj(json)) };

    private static MapNode WithAt(MapNode map, string[] path, ManifestNode value) =>
        path.Length == 1 ? TrafficFixture.With(map, path[0], value) : TrafficFixture.With(map, path[0], WithAt(map[path[0]] as MapNode ?? MapNode.Of(), path[1..], value));

    private static string PortLevelDisable(int port) =>
        """{ "apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication", "metadata": { "name": "legacy", "namespace": "bar" }, "spec": { "selector": { "matchLabels": { "app": "httpbin" } }, "portLevelMtls": { "PORT": { "mode": "DISABLE" } } } }"""
            .Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static TraceFailure Emptied(TrafficModel model)
    {
        var result = model.Trace(Sleep());
        Assert.Empty(result.Arrivals);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(FailureKind.EmptiedByMtlsFilter, failure.Kind);
        return failure;
    }

    [Fact]
    public void TheUneditedRequestReachesHttpbin() =>
        Assert.Equal("cluster2 v1 100%", Cluster2(s => s).Trace(Sleep()).SharesText);

    /// <summary>
    /// The gateway proxy takes only the servers of Gateways whose selector picks its pods (push_context.go,
    /// mergeGateways over the proxy's gateways; pilot/pkg/model/gateway.go): cross-network-gateway pointed at
    /// the ingress pods leaves the east-west gateway no AUTO_PASSTHROUGH server on 15443.
    /// </summary>
    [Fact]
    public void APassthroughServerWhoseSelectorPicksNoEastWestPodIsNotTheGateways()
    {
        var model = Cluster2(s => TrafficFixture.Replace(s, "Gateway", "cross-network-gateway",
            g => WithAt(g, ["spec", "selector"], MapNode.Of(("istio", "ingressgateway")))));
        var failure = Assert.Single(model.Trace(Sleep()).Failures);
        Assert.Equal(FailureMessages.NoPassthroughServer("cluster2").Text, failure.Reason);
    }

    /// <summary>
    /// A second pod labelled istio: eastwestgateway (a canary, other app label) does not take the server away from
    /// the release's pods: a Gateway is the server of every proxy its selector picks (pilot/pkg/model/gateway.go,
    /// push_context.go mergeGateways per proxy, 1.30.3), so cross-network-gateway pointed at app: istio-eastwestgateway
    /// still serves the release's pods, which the request reaches; the canary gets no server, and no traffic here.
    /// </summary>
    [Fact]
    public void AServerPickingOnlySomeEastWestPodsIsStillTheirs()
    {
        const string Canary = """
            { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "eastwest-canary", "namespace": "istio-eastwest" },
              "spec": { "selector": { "matchLabels": { "app": "eastwest-canary" } },
                        "template": { "metadata": { "labels": { "app": "eastwest-canary", "istio": "eastwestgateway" } }, "spec": { "containers": [ { "name": "istio-proxy", "image": "auto" } ] } } } }
            """;
        var model = Cluster2(s => Adding(Canary)(TrafficFixture.Replace(s, "Gateway", "cross-network-gateway",
            g => WithAt(g, ["spec", "selector"], MapNode.Of(("app", "istio-eastwestgateway"))))));
        var result = model.Trace(Sleep());
        Assert.Empty(result.Failures);
        Assert.Equal("cluster2 v1 100%", result.SharesText);
    }

    /// <summary>
    /// The mTLS endpoint filter asks the pod's PeerAuthentication about the pod's own port, the Service's
    /// targetPort (mtls_checker.go, checkMtlsEnabled over the endpoint's port; portLevelMtls keys are
    /// workload ports: security/v1beta1 PeerAuthentication): DISABLE on 8080 drops httpbin, DISABLE on 8000 does not.
    /// </summary>
    [Fact]
    public void ThePodsPortLevelPolicyIsReadOnTheTargetPort()
    {
        var failure = Emptied(Cluster2(Adding(PortLevelDisable(8080))));
        Assert.EndsWith("(dropped: cluster2/bar/httpbin (v1) (mTLS DISABLE by PeerAuthentication bar/legacy))", failure.Reason, StringComparison.Ordinal);
        Assert.Equal("cluster2 v1 100%", Cluster2(Adding(PortLevelDisable(8000))).Trace(Sleep()).SharesText);
    }

    /// <summary>
    /// A Service port whose targetPort is 0 targets its own number (the API server's defaulting,
    /// SetDefaults_Service), so the policy is read on 8000 there.
    /// </summary>
    [Fact]
    public void ATargetPortOfZeroReadsThePolicyOnTheServicePort()
    {
        static ClusterState ZeroTarget(ClusterState s) => TrafficFixture.Replace(s, "Service", "httpbin", svc =>
        {
            var port = (MapNode)((ListNode)svc.At("spec", "ports")!).Items[0];
            return WithAt(svc, ["spec", "ports"], ListNode.Of(TrafficFixture.With(port, "targetPort", 0)));
        });

        var failure = Emptied(Cluster2(s => Adding(PortLevelDisable(8000))(ZeroTarget(s))));
        Assert.EndsWith("(dropped: cluster2/bar/httpbin (v1) (mTLS DISABLE by PeerAuthentication bar/legacy))", failure.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// A DestinationRule the gateway sees with tls DISABLE keeps no endpoint, whatever the pod's PeerAuthentication
    /// (ep_filters.go EndpointsWithMTLSFilter: only ISTIO_MUTUAL keeps them), and the reason names the rule's mode.
    /// </summary>
    [Fact]
    public void ARuleWithTlsDisableDropsThePodForItsMode()
    {
        var rule = """{ "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": { "name": "httpbin-plain", "namespace": "istio-system" }, "spec": { "host": "httpbin.bar.svc.cluster.local", "trafficPolicy": { "tls": { "mode": "DISABLE" } } } }""";
        var failure = Emptied(Cluster2(Adding(rule)));
        Assert.EndsWith("(dropped: cluster2/bar/httpbin (v1) (DestinationRule tls DISABLE))", failure.Reason, StringComparison.Ordinal);
    }

    /// <summary>A pod without a sidecar has tlsMode disabled: the filter drops it, and says why.</summary>
    [Fact]
    public void APodWithoutASidecarIsDroppedForIt()
    {
        var failure = Emptied(Cluster2(s => TrafficFixture.Replace(s, "Deployment", "httpbin",
            d => WithAt(d, ["spec", "template", "metadata", "labels", "sidecar.istio.io/inject"], "false"))));
        Assert.EndsWith("(dropped: cluster2/bar/httpbin (v1) (no sidecar: tlsMode disabled))", failure.Reason, StringComparison.Ordinal);
    }
}
