using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// The third pass over the Traffic views and readers (issue 17, the Stryker run at 70af00b): what the cluster view
/// reads of istiod's allocator switch, objects without a namespace, gateway release pods, the mesh VirtualServices'
/// order, PeerAuthentication scopes, an assumed client's identity and a Service without a selector behind the
/// east-west gateway. Each asserts what a trace shows.
/// </summary>
public sealed class ViewsThirdPassMutantTests
{
    private static MapNode Obj(string json) => Support.ObjectText.Parse(json);

    private static TrafficModel In(string cluster, Func<ClusterState, ClusterState> edit) =>
        TrafficFixture.For(Configs.Seed, s => s.Name == cluster ? edit(s) : s).Model;

    private static Func<ClusterState, ClusterState> Adding(params string[] json) => s => s with { Objects = s.Objects.AddRange(json.Select(Obj)) };

    private static string Outcome(TraceResult result) =>
        result.Failures.Length == 0 ? result.SharesText : string.Join("; ", result.Failures.Select(f => f.Reason));

    private static string Entry(string host, string resolution) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"ServiceEntry\", \"metadata\": { \"name\": \"partner\", \"namespace\": \"foo\" }, \"spec\": { \"hosts\": [\"" + host + "\"], "
        + "\"location\": \"MESH_EXTERNAL\", \"resolution\": \"" + resolution + "\", \"ports\": [ { \"number\": 80, \"name\": \"http\", \"protocol\": \"HTTP\" } ], "
        + "\"endpoints\": [ { \"address\": \"api.partner.example\" } ] } }";

    private static TraceResult Partner(string entry, string host, string? allocatorEnv = null) =>
        In("cluster1", s => (s with { Objects = s.Objects.Add(Obj(entry)) }) with
        {
            ReleaseValues = allocatorEnv is null ? s.ReleaseValues
                : s.ReleaseValues.SetItem("istiod", TrafficFixture.With(s.ReleaseValues["istiod"], "env", MapNode.Of(("PILOT_ENABLE_IP_AUTOALLOCATE", allocatorEnv)))),
        }).Trace(TrafficFixture.Request("cluster1/foo/sleep", host, 80));

    private static string Dns(TraceResult result) => string.Join(" | ", result.Hops.Where(h => h.Step == "dns").Select(h => h.Detail));

    /// <summary>
    /// PILOT_ENABLE_IP_AUTOALLOCATE is a Go bool (pkg/env's bool variable, strconv.ParseBool: "0", "f", "F", "FALSE",
    /// "false", "False" are false; pilot/pkg/features/pilot.go, 1.30.3 and 1.31.0-rc.0): each spelling of false turns the
    /// allocator off, so sleep's lookup of the entry's host goes on to CoreDNS, which has no record; "1" and "t" keep it on.
    /// </summary>
    [Theory]
    [InlineData("0")]
    [InlineData("f")]
    [InlineData("F")]
    [InlineData("FALSE")]
    [InlineData("False")]
    public void EverySpellingOfGoFalseTurnsTheAllocatorOff(string value) =>
        Assert.Equal("api.partner.internal does not resolve in cluster1: no record for api.partner.internal", Outcome(Partner(Entry("api.partner.internal", "DNS"), "api.partner.internal", value)));

    [Theory]
    [InlineData("1")]
    [InlineData("t")]
    public void OtherSpellingsOfTrueKeepIt(string value)
    {
        var result = Partner(Entry("api.partner.internal", "DNS"), "api.partner.internal", value);
        Assert.Equal("api.partner.internal -> AutoIP(api.partner.internal) (sidecar DNS proxy)", Dns(result));
        Assert.Contains("listener: AutoIP(api.partner.internal):80 is api.partner.internal", TraceCoreMutantTests.Steps(result));
    }

    /// <summary>
    /// A wildcard host gets an address only with resolution DYNAMIC_DNS (pilot/pkg/controllers/ipallocate/ipallocate.go,
    /// keepHost, 1.30.3 and 1.31.0-rc.0). The DNS proxy's table holds the host as written (pkg/dns/server/name_table.go,
    /// BuildNameTable), so a query for the wildcard name itself is answered with it (pkg/dns/client/dns.go, lookupHost:
    /// the exact name first); with resolution DNS the name goes on to CoreDNS.
    /// </summary>
    [Fact]
    public void OnlyADynamicDnsWildcardGetsAnAddress()
    {
        Assert.Equal("*.partner.internal -> AutoIP(*.partner.internal) (sidecar DNS proxy)", Dns(Partner(Entry("*.partner.internal", "DYNAMIC_DNS"), "*.partner.internal")));
        Assert.Equal("*.partner.internal does not resolve in cluster1: no record for *.partner.internal", Outcome(Partner(Entry("*.partner.internal", "DNS"), "*.partner.internal")));
    }

    /// <summary>
    /// An object without metadata.namespace is in "default" (kubectl applies a namespaced object without one to the
    /// context's namespace, "default" unless set): its Service is web.default.svc.cluster.local, and sleep reaches its pods.
    /// </summary>
    [Fact]
    public void AServiceWithoutANamespaceIsInDefault()
    {
        const string service = """{ "apiVersion": "v1", "kind": "Service", "metadata": { "name": "web" }, "spec": { "selector": { "app": "web" }, "ports": [ { "name": "http", "port": 80 } ] } }""";
        const string deployment = """{ "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "web" }, "spec": { "selector": { "matchLabels": { "app": "web" } }, "template": { "metadata": { "labels": { "app": "web" } }, "spec": { "containers": [ { "name": "web", "image": "nginx" } ] } } } }""";
        var result = In("cluster1", Adding(service, deployment)).Trace(TrafficFixture.Request("cluster1/foo/sleep", "web.default.svc.cluster.local", 80));
        Assert.Equal("cluster1 100%", Outcome(result));
        Assert.Equal("arrives: cluster1/default/web 100%", TraceCoreMutantTests.Steps(result)[^1]);
    }

    /// <summary>
    /// A gateway release's pods are declared (the release's chart makes them): a trace from one names it without
    /// "(assumed)", as a client nobody declares is named with it.
    /// </summary>
    [Fact]
    public void AGatewayReleasesPodIsADeclaredClient()
    {
        var model = In("cluster1", s => s);
        var result = model.Trace(TrafficFixture.Request("cluster1/istio-ingress/istio-ingressgateway", "httpbin.bar.global", 8000));
        Assert.Equal("client: cluster1/istio-ingress/istio-ingressgateway without a sidecar", TraceCoreMutantTests.Steps(result)[0]);
        Assert.Equal("client: cluster1/istio-ingress/curl without a sidecar (assumed)", TraceCoreMutantTests.Steps(model.Trace(TrafficFixture.Request("cluster1/istio-ingress/curl", "httpbin.bar.global", 8000)))[0]);
    }

    private static string VirtualService(string name, string created) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"VirtualService\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"shop\", \"creationTimestamp\": \"" + created + "\" }, "
        + "\"spec\": { \"hosts\": [ \"cart\" ], \"http\": [ { \"route\": [ { \"destination\": { \"host\": \"cart\" } } ] } ] } }";

    /// <summary>
    /// istiod hands a sidecar the mesh VirtualServices of one visibility group oldest first (virtualservice.go,
    /// SelectVirtualServices; config.go sortConfigByCreationTime, 1.30.3; configCompareByCreationTime, 1.31.0-rc.0),
    /// whatever order the objects are listed in.
    /// </summary>
    [Fact]
    public void TheMeshVirtualServicesComeOldestFirst()
    {
        var cluster = new TrafficModel([new ClusterState("c1", null, [Obj(VirtualService("b-newer", "2026-01-02T00:00:00Z")), Obj(VirtualService("z-older", "2026-01-01T00:00:00Z"))], ImmutableSortedDictionary<string, MapNode>.Empty, null)], [], TrafficFixture.Placeholder, "1.30.3").Clusters["c1"];
        Assert.Equal(["z-older", "b-newer"], cluster.VirtualServicesFor("shop").Select(v => v.Source.Name));
    }

    private static TraceRequest CrossNetwork() => TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000) with { Path = "/" };

    private static string PortLevelDisable(string ns, string selector) =>
        "{ \"apiVersion\": \"security.istio.io/v1\", \"kind\": \"PeerAuthentication\", \"metadata\": { \"name\": \"legacy\", \"namespace\": \"" + ns + "\" }, \"spec\": { "
        + selector + "\"portLevelMtls\": { \"8080\": { \"mode\": \"DISABLE\" } } } }";

    /// <summary>
    /// A workload-level PeerAuthentication applies only to pods of its own namespace (authentication.go,
    /// getConfigsForWorkload looks in the pod's namespace and the root only, 1.30.3 and 1.31.0-rc.0): one in foo
    /// selecting app=httpbin leaves httpbin in bar as it was; the same in bar drops it.
    /// </summary>
    [Fact]
    public void AWorkloadPolicyOfAnotherNamespaceDoesNotApply()
    {
        const string selector = "\"selector\": { \"matchLabels\": { \"app\": \"httpbin\" } }, ";
        Assert.Equal("cluster2 v1 100%", Outcome(In("cluster2", Adding(PortLevelDisable("foo", selector))).Trace(CrossNetwork())));
        Assert.EndsWith("(dropped: cluster2/bar/httpbin (v1) (mTLS DISABLE by PeerAuthentication bar/legacy))", Outcome(In("cluster2", Adding(PortLevelDisable("bar", selector))).Trace(CrossNetwork())), StringComparison.Ordinal);
    }

    /// <summary>
    /// Port-level modes count only in a workload policy (one with a selector): policy_applier.go,
    /// ComposePeerAuthentication, reads PortLevelMtls of the workload policy alone (1.30.3 and 1.31.0-rc.0; validation
    /// refuses portLevelMtls without a selector, and a policy applied past the webhook is read so). A namespace-level
    /// policy's DISABLE on 8080 leaves httpbin reached.
    /// </summary>
    [Fact]
    public void ANamespacePolicysPortLevelModesAreIgnored() =>
        Assert.Equal("cluster2 v1 100%", Outcome(In("cluster2", Adding(PortLevelDisable("bar", ""))).Trace(CrossNetwork())));

    /// <summary>
    /// A client nobody declares runs as its namespace's "default" service account (Kubernetes' ServiceAccount admission
    /// plugin sets it on a pod without serviceAccountName: plugin/pkg/admission/serviceaccount/admission.go, Admit), so
    /// its identity is spiffe://cluster.local/ns/foo/sa/default and an ALLOW policy for that principal lets it in.
    /// </summary>
    [Fact]
    public void AnAssumedClientIsTheDefaultServiceAccount()
    {
        var policy = PolicyObjects.HttpbinPolicy("some", "ALLOW", """{ "from": [ { "source": { "principals": ["cluster.local/ns/foo/sa/default"] } } ] }""");
        var result = PolicyObjects.With("cluster2", policy).Trace(TrafficFixture.Request("cluster1/foo/curl", "httpbin.bar.global", 8000) with { Path = "/" });
        Assert.Equal("ALLOW policy bar/some rule 0 matches GET / on port 8080 from spiffe://cluster.local/ns/foo/sa/default", PolicyObjects.AuthzHop(result));
    }

    /// <summary>
    /// A Service without a selector gets no endpoints from Kubernetes' controllers (kubernetes
    /// pkg/controller/endpointslice/endpointslice_controller.go, syncService: "services without a selector receive no
    /// endpoint slices from this controller"): behind the east-west gateway it reaches no pod of its namespace, though
    /// httpbin's pods are there.
    /// </summary>
    [Fact]
    public void AServiceWithoutASelectorReachesNoPodBehindTheEastWestGateway()
    {
        var model = In("cluster2", s => TrafficFixture.Replace(s, "Service", "httpbin", svc =>
            TrafficFixture.With(svc, "spec", new MapNode([.. ((MapNode)svc["spec"]!).Entries.Where(e => e.Key != "selector")]))));
        Assert.Equal("cluster2's east-west gateway: cluster outbound_.8000_._.httpbin.bar.svc.cluster.local has no endpoints: httpbin.bar.svc.cluster.local has none in cluster2", Outcome(model.Trace(CrossNetwork())));
    }

    /// <summary>A client no object declares stands for the Deployment the model assumes: the client hop is decided by it.</summary>
    [Fact]
    public void AnAssumedClientsHopNamesItsDeployment()
    {
        var result = In("cluster1", s => s).Trace(TrafficFixture.Request("cluster1/foo/stranger", "httpbin.bar.global", 8000), explain: true);
        Assert.Equal("cluster1/foo/stranger with a sidecar (assumed)", result.Hops[0].Detail);
        Assert.Equal(new ObjectRef("cluster1", "Deployment", "foo", "stranger"), result.Hops[0].DecidedBy);
    }
}
