using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, the third Stryker run over the trace engine (ec48ebf), Traffic/MeshTraffic.cs: which Namespace document
/// decides the assumed pods' sidecar when the objects declare a namespace twice (the last, as the API server keeps the
/// last write), that no object of another kind stands for a namespace, that the assumed Service's port name gives the
/// port its protocol (KubernetesPortProtocol), and the revisions a revision label misses, named each.
/// </summary>
public sealed class EngineThirdPassMutantTests
{
    /// <summary>east runs a revisioned istiod ("stable", beside the default tag MeshInfra keeps); db's one port is TCP, named tcp-5432 by default.</summary>
    private const string Shop = """
    {
      "meshId": "shop",
      "istio": { "revision": "stable" },
      "clusters": [
        { "name": "east", "context": "c-east", "network": "n-east" },
        { "name": "west", "context": "c-west", "network": "n-west" }
      ],
      "services": [
        { "name": "cart", "namespace": "shop", "clusters": ["east"], "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" } ] },
        { "name": "db", "namespace": "data", "clusters": ["east"], "ports": [ { "number": 5432, "protocol": "TCP" } ] }
      ]
    }
    """;

    private static string Namespace(string name, string labels) =>
        "{ \"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": { \"name\": \"" + name + "\", \"labels\": { " + labels + " } } }";

    /// <summary>FromPlan over the plan's objects with <paramref name="add"/> appended in east, in order, as a render folder holds them.</summary>
    private static MeshTraffic WithEastObjects(params string[] add)
    {
        var plan = Configs.Plan(Shop);
        var states = MeshTraffic.FromPlan(plan, TrafficFixture.Placeholder).Clusters;
        var own = plan.Clusters.ToDictionary(
            c => c.Cluster.Name,
            c => new ClusterState(c.Cluster.Name, c.Cluster.Locality, [.. c.Objects.Select(o => o.Object.ToNode()), .. c.Cluster.Name == "east" ? add.Select(ObjectText.Parse) : []], states.Single(s => s.Name == c.Cluster.Name).ReleaseValues, null),
            StringComparer.Ordinal);
        return MeshTraffic.FromPlan(plan, TrafficFixture.Placeholder, own);
    }

    /// <summary>
    /// Mutant 9837: shop declared twice, injected first and unlabelled last. kubectl applies a file's documents in order
    /// and the second apply of the name replaces the labels the first set (the last write wins), which is what ClusterView
    /// reads too: the assumed pods run without a sidecar, and the assumption says so rather than "with a sidecar".
    /// </summary>
    [Fact]
    public void ANamespaceDeclaredTwiceKeepsTheLabelsOfItsLastDocument()
    {
        var traffic = WithEastObjects(Namespace("shop", "\"istio-injection\": \"enabled\""), Namespace("shop", "\"team\": \"shop\""));

        Assert.Contains("east: pods of cart.shop run without a sidecar (namespace shop carries no injection label), labelled app=cart, as service account default", traffic.Assumptions);
        Assert.False(traffic.Model(TrafficFixture.Placeholder).Clusters["east"].Workload("shop", "cart")!.HasSidecar);

        // The other way round the last document injects.
        var injected = WithEastObjects(Namespace("shop", "\"team\": \"shop\""), Namespace("shop", "\"istio-injection\": \"enabled\""));
        Assert.Contains("east: pods of cart.shop run with a sidecar, labelled app=cart, as service account default", injected.Assumptions);
        Assert.True(injected.Model(TrafficFixture.Placeholder).Clusters["east"].Workload("shop", "cart")!.HasSidecar);
    }

    /// <summary>
    /// Mutant 9833: a ServiceAccount named shop (in another namespace) is no Namespace. shop is not declared, so the assumed
    /// copy of it is injected and the pods run with a sidecar; the assumption must not read the ServiceAccount's labels.
    /// </summary>
    [Fact]
    public void AnObjectOfAnotherKindNamedLikeTheNamespaceDoesNotDeclareIt()
    {
        var traffic = WithEastObjects("{ \"apiVersion\": \"v1\", \"kind\": \"ServiceAccount\", \"metadata\": { \"name\": \"shop\", \"namespace\": \"tools\", \"labels\": { \"team\": \"shop\" } } }");

        Assert.Contains("east: pods of cart.shop run with a sidecar, labelled app=cart, as service account default", traffic.Assumptions);
        Assert.True(traffic.Model(TrafficFixture.Placeholder).Clusters["east"].Workload("shop", "cart")!.HasSidecar);
    }

    /// <summary>
    /// Mutant 9889: east's injectors serve "default" (the tag) and "stable" (the istiod's revision); a namespace labelled
    /// with a third revision selects no webhook, and the assumption lists both that it misses, separated.
    /// </summary>
    [Fact]
    public void TheRevisionsNoneOfWhichALabelNamesAreListedApart()
    {
        var traffic = WithEastObjects(Namespace("shop", "\"istio.io/rev\": \"canary\""));

        Assert.Contains("east: pods of cart.shop run without a sidecar (namespace shop is labelled istio.io/rev=canary, a revision no injector of east serves: default, stable), labelled app=cart, as service account default", traffic.Assumptions);
        Assert.False(traffic.Model(TrafficFixture.Placeholder).Clusters["east"].Workload("shop", "cart")!.HasSidecar);
    }

    /// <summary>
    /// Mutant 9869: the assumed Service names its port as the stack does (tcp-5432), and Istio takes a Kubernetes Service
    /// port's protocol from its name (pkg/config/kube/conversion.go, ConvertProtocol, 1.30.3 and 1.31.0-rc.0): TCP, so a
    /// sidecar proxies it as TCP and a VirtualService's http rules for the host never apply (tls.go,
    /// buildSidecarOutboundTCPFilterChainOpts). A port without a name would be sniffed as HTTP, and the header rule below
    /// would leave a request without the header unrouted (404).
    /// </summary>
    [Fact]
    public void TheAssumedServicesPortNameMakesATcpPortATcpProxy()
    {
        const string HeaderRule = """
            { "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "db-users", "namespace": "data" },
              "spec": { "hosts": [ "db.data.svc.cluster.local" ],
                        "http": [ { "match": [ { "headers": { "x-user": { "exact": "admin" } } } ], "route": [ { "destination": { "host": "db.data.svc.cluster.local" } } ] } ] } }
            """;
        var model = WithEastObjects(HeaderRule).Model(TrafficFixture.Placeholder);

        var result = model.Trace(TrafficFixture.Request($"east/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", "db.data.svc.cluster.local", 5432));

        Assert.Empty(result.Failures);
        Assert.Equal(["east/data/db"], result.Arrivals.Select(a => a.Workload.ToString()));
        Assert.Contains(result.Hops, h => h.Step == "route" && h.Detail.StartsWith("port 5432 of db.data.svc.cluster.local is TCP, a TCP proxy", StringComparison.Ordinal));
    }
}
