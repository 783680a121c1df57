using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Cases the Stryker.NET run over Traffic/MeshTraffic.cs (issue 17, docs/quality.md) showed no test had: the exact
/// assumptions a user reads for a stack with a versioned and an unversioned service, a service account and a cluster
/// without MeshInfra's CoreDNS block; objects that already hold a service's Service or pods (a render folder, a live
/// cluster), or only look like them; the probe client's labels and account; a trust given with the objects; and the
/// last of repeated --client-locality and --resolves values winning.
/// </summary>
public sealed class MeshTrafficMutantTests
{
    /// <summary>east has region labels, west none and no CoreDNS edit; cart runs as cart-api, pay has a version per cluster.</summary>
    private const string Shop = """
    {
      "meshId": "shop",
      "clusters": [
        { "name": "east", "context": "c-east", "network": "n-east", "labels": { "region": "eu-west" } },
        { "name": "west", "context": "c-west", "network": "n-west", "dns": "none" }
      ],
      "services": [
        { "name": "cart", "namespace": "shop", "serviceAccount": "cart-api", "clusters": ["east"],
          "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" }, { "name": "grpc", "number": 9090, "protocol": "GRPC" } ] },
        { "name": "pay", "namespace": "shop", "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" } ],
          "versions": { "v1": ["east"], "v2": ["west"] } }
      ]
    }
    """;

    private const string IgnoredKinds = "the model reads only Namespace, Deployment, Pod, Service, ServiceEntry, DestinationRule, VirtualService, Gateway, PeerAuthentication, Sidecar, AuthorizationPolicy"
        + " (of a Gateway, its AUTO_PASSTHROUGH servers and its plain-HTTP servers for ingress; of a Sidecar, its egress hosts and outboundTrafficPolicy; of an AuthorizationPolicy,"
        + " ALLOW and DENY rules by principal, namespace, path, method and port, CUSTOM named but not evaluated) and ignores every other kind,"
        + " here EnvoyFilter, WorkloadEntry, WorkloadGroup, RequestAuthentication, NetworkPolicy, ProxyConfig, WasmPlugin, Telemetry, ClusterRole, ClusterRoleBinding, Secret, ServiceAccount";

    private static TraceRequest Probe(string cluster, string host, int port) =>
        TrafficFixture.Request($"{cluster}/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", host, port);

    private static MapNode Obj(string json) => Support.ObjectText.Parse(json);

    private static string Deployment(string ns, string name, string app, string version) =>
        "{ \"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"" + ns + "\" }, \"spec\": { \"template\": { "
        + "\"metadata\": { \"labels\": { \"app\": \"" + app + "\", \"version\": \"" + version + "\" } }, \"spec\": { \"serviceAccountName\": \"cart-api\" } } } }";

    private static string Service(string ns, string name) =>
        "{ \"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"" + ns + "\" }, \"spec\": { \"selector\": { \"app\": \"cart\" }, "
        + "\"ports\": [ { \"name\": \"http\", \"port\": 8080 }, { \"name\": \"grpc\", \"port\": 9090 } ] } }";

    /// <summary>FromPlan over the plan's objects with <paramref name="add"/> in east, as a render folder or a live cluster would hold them.</summary>
    private static MeshTraffic WithEastObjects(params string[] add)
    {
        var plan = Configs.Plan(Shop);
        var states = MeshTraffic.FromPlan(plan, TrafficFixture.Placeholder).Clusters;
        var own = plan.Clusters.ToDictionary(
            c => c.Cluster.Name,
            c => new ClusterState(c.Cluster.Name, c.Cluster.Locality, [.. c.Objects.Select(o => o.Object.ToNode()), .. c.Cluster.Name == "east" ? add.Select(Obj) : []], states.Single(s => s.Name == c.Cluster.Name).ReleaseValues, null),
            StringComparer.Ordinal);
        return MeshTraffic.FromPlan(plan, TrafficFixture.Placeholder, own);
    }

    /// <summary>
    /// Every line `verify` prints after its cases ("assumes: ..."), in order: per cluster the Service and pods of each
    /// service it runs (the version and its label only where the service has versions, the stack's account else
    /// "default"), the node-locality line because one cluster has labels, the kinds the model ignores (the traffic kinds
    /// it never reads, then every other kind the objects hold, sorted), and where each east-west gateway is dialled.
    /// </summary>
    [Fact]
    public void EveryAssumptionAUserReadsIsStatedExactlyAndInOrder()
    {
        var (_, traffic, _) = TrafficFixture.For(Shop);
        Assert.Equal(
            string.Join('\n',
            [
                "east: Service shop/cart exists, selecting app=cart, ports 8080, 9090",
                "east: pods of cart.shop run with a sidecar, labelled app=cart, as service account cart-api",
                "east: Service shop/pay exists, selecting app=pay, ports 8080",
                "east: pods of pay.shop v1 run with a sidecar, labelled app=pay, version=v1, as service account default",
                "west: Service shop/pay exists, selecting app=pay, ports 8080",
                "west: pods of pay.shop v2 run with a sidecar, labelled app=pay, version=v2, as service account default",
                "each cluster's nodes carry the topology.kubernetes.io/region and zone of its labels (a client's locality)",
                IgnoredKinds,
                "east's east-west gateway is reached at ${east.gatewayAddress}:15443",
                "west's east-west gateway is reached at ${west.gatewayAddress}:15443",
            ]),
            string.Join('\n', traffic.Assumptions));
    }

    /// <summary>
    /// The assumed pods run as the stack's serviceAccount (cart-api) or Kubernetes' default: clients pin that identity, so
    /// a pod of another account is rejected. west has no CoreDNS edit ("dns": "none"): its sidecars still resolve.
    /// </summary>
    [Fact]
    public void AssumedPodsRunAsTheStacksAccountAndAreReachedFromAClusterWithoutTheCorednsBlock()
    {
        var (_, _, model) = TrafficFixture.For(Shop);
        var cart = model.Trace(Probe("west", "cart.shop.global", 9090));
        Assert.Empty(cart.Failures);
        Assert.Equal("east 100%", cart.SharesText);
        var arrival = Assert.Single(cart.Arrivals).Workload;
        Assert.Equal(("east/shop/cart", "cart-api", true, "cart"), (arrival.ToString(), arrival.ServiceAccount, arrival.Assumed, arrival.App));

        var pay = model.Trace(Probe("west", "pay.shop.global", 8080));
        Assert.Empty(pay.Failures);
        var payPods = Assert.Single(pay.Arrivals).Workload;
        Assert.Equal(("west/shop/pay-v2 (v2)", "default", true), (payPods.ToString(), payPods.ServiceAccount, payPods.Assumed));
    }

    /// <summary>
    /// The probe client is app=client running as "default": a Sidecar selecting app=client that imports nothing global
    /// applies to it (the request is not routed), and an ALLOW policy on cart's pods naming the probe's principal lets it in.
    /// </summary>
    [Fact]
    public void TheProbeClientCarriesItsAppLabelAndTheDefaultAccount()
    {
        const string Sidecar = "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Sidecar\", \"metadata\": { \"name\": \"only-local\", \"namespace\": \"meshinfra-probe\" }, \"spec\": { "
            + "\"workloadSelector\": { \"labels\": { \"app\": \"client\" } }, \"egress\": [ { \"hosts\": [ \"./*\" ] } ], \"outboundTrafficPolicy\": { \"mode\": \"REGISTRY_ONLY\" } } }";
        var scoped = TrafficFixture.For(Shop, s => s.Name != "east" ? s : s with { Objects = s.Objects.Add(Obj(Sidecar)) }).Model;
        Assert.Equal(FailureKind.NotImportedBlackHoled, Assert.Single(scoped.Trace(Probe("east", "pay.shop.global", 8080)).Failures).Kind);

        const string Allow = "{ \"apiVersion\": \"security.istio.io/v1\", \"kind\": \"AuthorizationPolicy\", \"metadata\": { \"name\": \"probe-only\", \"namespace\": \"shop\" }, \"spec\": { "
            + "\"selector\": { \"matchLabels\": { \"app\": \"cart\" } }, \"action\": \"ALLOW\", \"rules\": [ { \"from\": [ { \"source\": { \"principals\": [ \"cluster.local/ns/meshinfra-probe/sa/default\" ] } } ] } ] } }";
        var allowed = TrafficFixture.For(Shop, s => s.Name != "east" ? s : s with { Objects = s.Objects.Add(Obj(Allow)) }).Model;
        var result = allowed.Trace(Probe("west", "cart.shop.global", 8080));
        Assert.Empty(result.Failures);
        Assert.Equal("east 100%", result.SharesText);
    }

    /// <summary>Objects that hold cart's own Service and pods (version canary): nothing is assumed for cart in east, and its requests reach the real pods.</summary>
    [Fact]
    public void AServiceAndPodsTheObjectsHoldAreUsedNotAssumed()
    {
        var traffic = WithEastObjects(Service("shop", "cart"), Deployment("shop", "cart-canary", "cart", "canary"));
        Assert.DoesNotContain(traffic.Assumptions, a => a.StartsWith("east: Service shop/cart", StringComparison.Ordinal) || a.StartsWith("east: pods of cart", StringComparison.Ordinal));
        Assert.Contains("east: Service shop/pay exists, selecting app=pay, ports 8080", traffic.Assumptions);
        var result = traffic.Model(TrafficFixture.Placeholder).Trace(Probe("west", "cart.shop.global", 8080));
        var arrival = Assert.Single(result.Arrivals).Workload;
        Assert.Equal(("east/shop/cart-canary (canary)", false), (arrival.ToString(), arrival.Assumed));
    }

    /// <summary>
    /// Objects that only look like cart's: a Deployment and a Service named cart labelled app=cart in another namespace,
    /// and a Deployment (not a Service) named cart in shop whose pods are not app=cart. cart's Service and pods are still
    /// assumed, and requests reach the assumed pods.
    /// </summary>
    [Fact]
    public void ObjectsOfAnotherNamespaceKindOrAppDoNotStandForTheServicesOwn()
    {
        var traffic = WithEastObjects(Deployment("legacy", "cart", "cart", "old"), Service("legacy", "cart"), Deployment("shop", "cart", "basket", "v9"));
        Assert.Contains("east: Service shop/cart exists, selecting app=cart, ports 8080, 9090", traffic.Assumptions);
        Assert.Contains("east: pods of cart.shop run with a sidecar, labelled app=cart, as service account cart-api", traffic.Assumptions);
    }

    /// <summary>A trust given with the objects (a cluster between rotations) is kept, not replaced by the plan's.</summary>
    [Fact]
    public void ATrustGivenWithTheObjectsIsKept()
    {
        var plan = Configs.Plan(Shop);
        var planned = MeshTraffic.FromPlan(plan, TrafficFixture.Placeholder);
        var foreign = ClusterTrust.Uniform(new WorkloadTrust(["ca/other-root"], "ca/other-root"));
        var objects = plan.Clusters.ToDictionary(
            c => c.Cluster.Name,
            c =>
            {
                var s = planned.Clusters.Single(p => p.Name == c.Cluster.Name);
                return new ClusterState(s.Name, s.Locality, [.. c.Objects.Select(o => o.Object.ToNode())], s.ReleaseValues, s.CorednsServerBlock) { Trust = c.Cluster.Name == "west" ? foreign : null };
            },
            StringComparer.Ordinal);
        var traffic = MeshTraffic.FromPlan(plan, TrafficFixture.Placeholder, objects);
        Assert.Equal(foreign, traffic.Clusters.Single(c => c.Name == "west").Trust);
        var result = traffic.Model(TrafficFixture.Placeholder).Trace(Probe("west", "cart.shop.global", 8080));
        Assert.Empty(result.Arrivals);
        Assert.NotEmpty(result.Failures);
    }

    /// <summary>A --client-locality given twice for a cluster: the last wins, in the shares and the one assumption; clusters' lines sorted by name.</summary>
    [Fact]
    public void TheLastClientLocalityOfAClusterWins()
    {
        var json = Configs.Seed.Replace("\"network\": \"network2\" }", "\"network\": \"network2\", \"labels\": { \"region\": \"eu-west-1\" } }", StringComparison.Ordinal);
        var (_, traffic, _) = TrafficFixture.For(json);
        string[] clusters = ["cluster1", "cluster2"];
        var given = traffic.WithClientLocalities(new[] { "cluster2=us-east-1", "cluster1=eu-west-1", "cluster2=eu-west-1" }.Select(t => ClientLocality.Parse(t, clusters)));
        var result = given.Model(TrafficFixture.Placeholder).Trace(TrafficFixture.Request("cluster2/bar/httpbin", "reviews.default.global", 9080));
        Assert.Equal("cluster2 v2 50%, cluster2 v3 50%", result.SharesText);
        Assert.Equal(
            ["cluster1's client pods run on nodes of locality eu-west-1 (--client-locality)", "cluster2's client pods run on nodes of locality eu-west-1 (--client-locality)"],
            given.Assumptions.Skip(traffic.Assumptions.Length));
    }

    /// <summary>--resolves given twice for a host: the last count wins; --down and --resolves each add their exact line.</summary>
    [Fact]
    public void TheLastResolvesOfAHostWinsAndFailoverAssumptionsAreExact()
    {
        var (_, traffic, _) = TrafficFixture.For(Shop);
        var failover = traffic.WithFailover(["west"], [new ResolvedName("gw.example.com", 2), new ResolvedName("gw.example.com", 3)]);
        Assert.Equal(3, failover.Resolves["gw.example.com"]);
        Assert.Equal(
            [
                "west is down (--down), so its east-west gateway refuses connections, outlier detection ejects it where the DestinationRule has one, and its clients send nothing",
                "gw.example.com resolves to 3 addresses (--resolves), 3 hosts in Envoy",
            ],
            failover.Assumptions.Skip(traffic.Assumptions.Length));
    }

    /// <summary>
    /// A service that opts out of identity pinning (verifyIdentity false) has no stack account: its assumed pods run as
    /// Kubernetes' "default" account, and the assumption says so.
    /// </summary>
    [Fact]
    public void AServiceWithoutAStackAccountRunsAsTheDefaultAccount()
    {
        var json = Shop.Replace("\"serviceAccount\": \"cart-api\",", "\"verifyIdentity\": false,", StringComparison.Ordinal);
        var (_, traffic, model) = TrafficFixture.For(json);
        Assert.Contains("east: pods of cart.shop run with a sidecar, labelled app=cart, as service account default", traffic.Assumptions);
        var arrival = Assert.Single(model.Trace(Probe("west", "cart.shop.global", 8080)).Arrivals).Workload;
        Assert.Equal(("east/shop/cart", "default"), (arrival.ToString(), arrival.ServiceAccount));
    }

    /// <summary>
    /// A namespace the objects declare keeps its labels: without the injection label the webhook does not select it
    /// (the sidecar injector's namespaceSelector), so the pods assumed there have no sidecar, MeshInfra adds no injected
    /// copy of the namespace over it, and the assumption says "without a sidecar" rather than the usual "with".
    /// </summary>
    [Fact]
    public void PodsAssumedInADeclaredNamespaceWithoutInjectionHaveNoSidecar()
    {
        var traffic = WithEastObjects("{ \"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": { \"name\": \"shop\", \"labels\": { \"team\": \"shop\" } } }");
        Assert.Contains("east: pods of cart.shop run without a sidecar (namespace shop carries no injection label), labelled app=cart, as service account cart-api", traffic.Assumptions);
        Assert.Contains("east: pods of pay.shop v1 run without a sidecar (namespace shop carries no injection label), labelled app=pay, version=v1, as service account default", traffic.Assumptions);
        var cart = traffic.Model(TrafficFixture.Placeholder).Clusters["east"].Workload("shop", "cart");
        Assert.NotNull(cart);
        Assert.Equal((true, false), (cart.Assumed, cart.HasSidecar));
    }

    /// <summary>
    /// A revision label no injector serves selects no webhook (istio-discovery templates/mutatingwebhook.yaml, 1.30.3 and
    /// 1.31.0-rc.0: only <c>istio.io/rev In [&lt;revision&gt;]</c>), and the assumption names the revisions there are.
    /// </summary>
    [Fact]
    public void PodsAssumedInANamespaceOfAnotherRevisionHaveNoSidecar()
    {
        var traffic = WithEastObjects("{ \"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": { \"name\": \"shop\", \"labels\": { \"istio.io/rev\": \"canary\" } } }");
        Assert.Contains("east: pods of cart.shop run without a sidecar (namespace shop is labelled istio.io/rev=canary, a revision no injector of east serves: default), labelled app=cart, as service account cart-api", traffic.Assumptions);
        Assert.False(traffic.Model(TrafficFixture.Placeholder).Clusters["east"].Workload("shop", "cart")!.HasSidecar);
    }

    /// <summary>
    /// A declared namespace with the injection label (or the revision label of a revision the cluster runs: the
    /// revision-less istiod's rev.namespace. webhook selects <c>istio.io/rev In [default]</c>) keeps the usual "with a sidecar".
    /// </summary>
    [Theory]
    [InlineData("\"istio-injection\": \"enabled\"")]
    [InlineData("\"istio.io/rev\": \"default\"")]
    public void PodsAssumedInADeclaredInjectedNamespaceRunWithASidecar(string label)
    {
        var traffic = WithEastObjects("{ \"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": { \"name\": \"shop\", \"labels\": { " + label + " } } }");
        Assert.Contains("east: pods of cart.shop run with a sidecar, labelled app=cart, as service account cart-api", traffic.Assumptions);
        Assert.True(traffic.Model(TrafficFixture.Placeholder).Clusters["east"].Workload("shop", "cart")!.HasSidecar);
    }
}
