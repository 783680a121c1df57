namespace MeshInfra.Tests;

[Collection(EngineCollection.Name)]
public sealed class FederationEngineTests
{
    private const string Federated = """
        "federated": [ { "kind": "PeerAuthentication", "name": "default-strict", "namespace": "default", "placement": "all",
                         "spec": { "mtls": { "mode": "STRICT" } },
                         "overrides": { "cluster2": { "spec.mtls.mode": "PERMISSIVE" } } } ],
        """;

    private static string SeedWith(string extra, bool ingressInCluster2 = true)
    {
        var json = Configs.Seed.Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", " + extra, StringComparison.Ordinal);
        return ingressInCluster2 ? json.Replace("\"network\": \"network2\",", "\"network\": \"network2\", \"ingressGateway\": true,", StringComparison.Ordinal) : json;
    }

    [Fact]
    public async Task EachFederatedCopyIsDeclaredWithItsClustersProviderAndOverrides()
    {
        var run = await EngineRun.StartAsync(SeedWith(Federated), Configs.SeedFacts);
        foreach (var (cluster, mode) in new[] { ("cluster1", "STRICT"), ("cluster2", "PERMISSIVE") })
        {
            var copy = run.Named("kubernetes:security.istio.io/v1:PeerAuthentication", $"{cluster}/PeerAuthentication/default/default-strict");
            Assert.Equal(cluster, MeshMocks.ClusterOf(copy));
            Assert.Equal(mode, copy.Inputs.At("spec", "mtls", "mode"));
            Assert.Equal("default", copy.Inputs.At("metadata", "namespace"));
        }
    }

    [Fact]
    public async Task AFederatedCopyThatBreaksItsSchemaStopsTheProgramBeforeAnyResource()
    {
        var mocks = new MeshMocks(Configs.SeedFacts);
        Environment.SetEnvironmentVariable("PULUMI_CONFIG", System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["mesh-infra:mesh"] = SeedWith(Federated.Replace("\"PERMISSIVE\"", "\"SOMETIMES\"", StringComparison.Ordinal)),
        }));
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => Pulumi.Deployment.TestAsync<MeshStack>(mocks, new Pulumi.Testing.TestOptions { ProjectName = "mesh-infra", StackName = "test" }));
        Assert.Contains("mesh.federated[0]: the copy for cluster 'cluster2' does not fit the Istio 1.31 PeerAuthentication schema", ex.ToString(), StringComparison.Ordinal);
        Assert.Empty(mocks.Resources);
    }

    [Fact]
    public async Task HttpbinIngressCheckDialsTheIngressAddressOutput()
    {
        var facts = new Dictionary<string, ClusterFacts>
        {
            ["cluster1"] = new(LoadBalancerIp: "203.0.113.10"),
            ["cluster2"] = new(LoadBalancerIp: "203.0.113.20"),
        };
        var run = await EngineRun.StartAsync(SeedWith(""), facts);
        var (check, _) = await EngineRun.ReadAsync(run.Stack.HttpbinIngressCheck);
        Assert.Equal("kubectl --context kind-cluster1 -n foo exec deploy/sleep -c sleep -- curl -sS -I -H 'Host: httpbin.example.com' http://203.0.113.20/status/200", check);
        Assert.Equal("cluster2", MeshMocks.ClusterOf(run.Named("kubernetes:networking.istio.io/v1:Gateway", "cluster2/Gateway/bar/httpbin-gateway")));
    }

    [Fact]
    public async Task HttpbinIngressCheckUsesNodeAddressAndNodePortInNodePortMode()
    {
        var json = SeedWith("", ingressInCluster2: false).Replace("\"network\": \"network2\",",
            "\"network\": \"network2\", \"ingressGateway\": { \"addressMode\": \"nodePort\", \"nodeAddress\": \"198.51.100.7\" },", StringComparison.Ordinal);
        var facts = new Dictionary<string, ClusterFacts>
        {
            ["cluster1"] = new(LoadBalancerIp: "203.0.113.10"),
            ["cluster2"] = new(LoadBalancerIp: "203.0.113.20", NodePort: 30080),
        };
        var run = await EngineRun.StartAsync(json, facts);
        var (check, _) = await EngineRun.ReadAsync(run.Stack.HttpbinIngressCheck);
        Assert.EndsWith("http://198.51.100.7:30080/status/200", check, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoIngressGatewayMeansNoHttpbinIngressCheck()
    {
        var run = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts);
        Assert.Null((await EngineRun.ReadAsync(run.Stack.HttpbinIngressCheck)).Value);
    }
}
