using System.Collections.Immutable;
using System.Text.Json;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Which PeerAuthentication decides a pod's inbound mTLS mode when several could: the oldest of each scope,
/// workload over namespace over mesh, UNSET inheriting, port-level modes of the workload policy
/// (pilot/pkg/model/authentication.go addPeerAuthentication and getConfigsForWorkload; pilot/pkg/security/authn/policy_applier.go
/// ComposePeerAuthentication; identical at 1.30.3 and 1.31.0-rc.0). Istio's root namespace is MeshInfra's istio-system.
/// </summary>
public sealed class PeerAuthenticationCases
{
    private static MapNode Obj(string json) => (MapNode)ManifestJson.FromJson(JsonDocument.Parse(json).RootElement)!;

    /// <summary>A PeerAuthentication; <paramref name="selector"/> "k=v,k=v" ("" for an empty matchLabels), <paramref name="ports"/> "80=DISABLE,90=UNSET,100=".</summary>
    private static string Policy(string ns, string name, string? mode, string? selector = null, string? created = null, string? ports = null) =>
        "{ \"apiVersion\": \"security.istio.io/v1\", \"kind\": \"PeerAuthentication\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"" + ns + "\""
        + (created is null ? "" : ", \"creationTimestamp\": \"" + created + "\"") + " }, \"spec\": { "
        + string.Join(", ", new[]
        {
            selector is null ? null : "\"selector\": { \"matchLabels\": { " + string.Join(", ", selector.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(l => "\"" + l.Split('=')[0] + "\": \"" + l.Split('=')[1] + "\"")) + " } }",
            mode is null ? null : "\"mtls\": { \"mode\": \"" + mode + "\" }",
            ports is null ? null : "\"portLevelMtls\": { " + string.Join(", ", ports.Split(',').Select(p => "\"" + p.Split('=')[0] + "\": { " + (p.Split('=')[1].Length == 0 ? "" : "\"mode\": \"" + p.Split('=')[1] + "\"") + " }")) + " }",
        }.Where(p => p is not null)) + " } }";

    private const string Now = "2026-12-01T10:00:00Z";
    private const string SecondAgo = "2026-12-01T09:59:59Z";
    private const string Root = "istio-system";

    /// <summary>policy_applier_test.go, TestComposePeerAuthentication (1.30.3 and 1.31.0-rc.0): each case's policies, for a pod app=foo of my-ns on port 80.</summary>
    public static TheoryData<string, string[], string> ComposeCases => new()
    {
        { "no config", [], "PERMISSIVE" },
        { "mesh only", [Policy(Root, "default", "STRICT")], "STRICT" },
        { "mesh vs namespace", [Policy(Root, "default", "STRICT", selector: ""), Policy("my-ns", "default", "PERMISSIVE")], "PERMISSIVE" },
        { "ignore non-emptypb selector in root namespace", [Policy(Root, "default", "STRICT", selector: "app=foo")], "PERMISSIVE" },
        { "workload vs namespace config", [Policy("my-ns", "default", null), Policy("my-ns", "foo", null, selector: "app=foo")], "PERMISSIVE" },
        { "workload vs mesh config", [Policy("my-ns", "default", "PERMISSIVE"), Policy(Root, "default", "DISABLE")], "PERMISSIVE" },
        { "multiple mesh policy", [Policy(Root, "now", "DISABLE", created: Now), Policy(Root, "second ago", "PERMISSIVE", created: SecondAgo), Policy(Root, "second later", "STRICT", created: SecondAgo)], "PERMISSIVE" },
        { "multiple namespace policy", [Policy("my-ns", "now", "DISABLE", created: Now), Policy("my-ns", "second ago", "PERMISSIVE", created: SecondAgo), Policy("my-ns", "second later", "STRICT", created: SecondAgo)], "PERMISSIVE" },
        { "multiple workload policy", [Policy("my-ns", "now", "DISABLE", "app=foo", Now), Policy("my-ns", "second ago", "PERMISSIVE", "app=foo", SecondAgo), Policy("my-ns", "second later", "STRICT", "stage=prod", SecondAgo)], "PERMISSIVE" },
        { "inheritance: default mesh", [Policy(Root, "default", "UNSET")], "PERMISSIVE" },
        { "inheritance: mesh to workload", [Policy(Root, "default", "STRICT"), Policy("my-ns", "foo", null, selector: "app=foo")], "STRICT" },
        { "inheritance: namespace to workload", [Policy("my-ns", "default", "STRICT"), Policy("my-ns", "foo", null, selector: "app=foo")], "STRICT" },
        { "inheritance: mesh to namespace to workload", [Policy(Root, "default", "STRICT"), Policy("my-ns", "default", "UNSET"), Policy("my-ns", "foo", null, selector: "app=foo")], "STRICT" },
    };

    private static readonly Workload Foo = new("c1", "my-ns", "foo", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", "foo"), KeyValuePair.Create("stage", "prod")]), true, "default", false, new ObjectRef("c1", "Pod", "my-ns", "foo"));

    private static ClusterView Cluster(IEnumerable<string> objects) =>
        new TrafficModel([new ClusterState("c1", null, [.. objects.Select(Obj)], ImmutableSortedDictionary<string, MapNode>.Empty, null)], [], TrafficFixture.Placeholder, "1.30.3").Clusters["c1"];

    [Theory]
    [MemberData(nameof(ComposeCases))]
    public void TheModeAgreesWithIstiosTestComposePeerAuthentication(string name, string[] policies, string want)
    {
        Assert.NotEmpty(name);
        Assert.Equal(want, Cluster(policies).PeerMtlsFor(Foo, 80).Mode);
    }

    /// <summary>TestComposePeerAuthentication, case "port level": mesh STRICT, the workload policy's ports 80 DISABLE, 90 UNSET and 100 empty (both inherit STRICT).</summary>
    [Theory]
    [InlineData(80, "DISABLE", "foo")]
    [InlineData(90, "STRICT", "default")]
    [InlineData(100, "STRICT", "default")]
    [InlineData(8080, "STRICT", "default")]
    public void PortLevelModesAgreeWithIstiosPortLevelCase(int port, string want, string decidedBy)
    {
        var cluster = Cluster([Policy(Root, "default", "STRICT"), Policy("my-ns", "foo", null, selector: "app=foo", ports: "80=DISABLE,90=UNSET,100=")]);
        var mtls = cluster.PeerMtlsFor(Foo, port);
        Assert.Equal(want, mtls.Mode);
        Assert.Equal(decidedBy, mtls.DecidedBy?.Name);
    }

    [Fact]
    public void TheOldestPolicyOfAScopeDecidesWhateverItsName()
    {
        var cluster = Cluster([Policy("my-ns", "a-newer", "DISABLE", created: Now), Policy("my-ns", "z-older", "STRICT", created: SecondAgo)]);
        Assert.Equal("z-older", cluster.PeerMtlsFor(Foo, 80).DecidedBy?.Name);

        // An applied policy is older than one of a render not yet applied (no creation time).
        var rendered = Cluster([Policy("my-ns", "a-rendered", "DISABLE"), Policy("my-ns", "z-live", "STRICT", created: Now)]);
        Assert.Equal("STRICT", rendered.PeerMtlsFor(Foo, 80).Mode);
    }

    private static TraceRequest Plain() => TrafficFixture.Request("cluster2/plain/curl", "httpbin.bar.svc.cluster.local", 8000);

    private static TrafficModel Cluster2(params string[] objects) =>
        TrafficFixture.For(Configs.Seed, s => s.Name != "cluster2" ? s : s with
        {
            // A namespace without injection: its pods send plaintext through kube-proxy.
            Objects = s.Objects.Add(Obj("""{ "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": "plain" } }""")).AddRange(objects.Select(Obj)),
        }).Model;

    /// <summary>
    /// Two namespace-wide policies in bar beside MeshInfra's mesh-wide STRICT: the older one decides whether
    /// httpbin's sidecar takes a plaintext request from a pod without a sidecar.
    /// </summary>
    [Fact]
    public void TheOlderOfTwoNamespacePoliciesDecidesWhetherPlaintextGetsIn()
    {
        var strictOlder = Cluster2(Policy("bar", "lock", "STRICT", created: SecondAgo), Policy("bar", "open", "PERMISSIVE", created: Now)).Trace(Plain());
        var refused = Assert.Single(strictOlder.Failures);
        Assert.Equal(FailureKind.PlaintextRefused, refused.Kind);
        Assert.Equal("cluster2 PeerAuthentication bar/lock", refused.At?.ToString());

        var permissiveOlder = Cluster2(Policy("bar", "lock", "STRICT", created: Now), Policy("bar", "open", "PERMISSIVE", created: SecondAgo)).Trace(Plain());
        Assert.Empty(permissiveOlder.Failures);
        Assert.Equal("cluster2 v1 100%", permissiveOlder.SharesText);
    }

    [Fact]
    public void APortLevelModeOpensOnlyItsPort()
    {
        var otherPort = Cluster2(Policy("bar", "httpbin", "STRICT", "app=httpbin", ports: "9090=PERMISSIVE")).Trace(Plain());
        Assert.Equal(FailureKind.PlaintextRefused, Assert.Single(otherPort.Failures).Kind);
        var ownPort = Cluster2(Policy("bar", "httpbin", "STRICT", "app=httpbin", ports: "8080=PERMISSIVE")).Trace(Plain());
        Assert.Equal("cluster2 v1 100%", ownPort.SharesText);
    }
}
