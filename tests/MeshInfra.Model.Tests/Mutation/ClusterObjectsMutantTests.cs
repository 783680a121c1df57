using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// What a cluster's objects tell the traffic model beyond workloads: the object each finding names (kind,
/// namespace, name, as a user finds it with kubectl), the gateway pods an AUTO_PASSTHROUGH server runs on (the
/// Gateway's selector), gateway releases' pods (no sidecar: the gateway is itself an Envoy), the mesh's trust
/// domain (meshConfig.trustDomain, "cluster.local" unset: pkg/config/mesh/mesh.go, DefaultMeshConfig, 1.30.3 and
/// 1.31.0-rc.0) and the kinds it does not read.
/// </summary>
public sealed class ClusterObjectsMutantTests
{
    private static MapNode Doc(string json) => Support.ObjectText.Parse(json);

    private static ClusterView Cluster(ImmutableSortedDictionary<string, MapNode> releases, params string[] objects) =>
        new TrafficModel([new ClusterState("c1", null, [.. objects.Select(Doc)], releases, null)], [], TrafficFixture.Placeholder, "1.30.3").Clusters["c1"];

    private const string Gateway = "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Gateway\", \"metadata\": { \"name\": \"cross-network\", \"namespace\": \"istio-eastwest\" }, "
        + "\"spec\": { \"selector\": { \"istio\": \"eastwestgateway\" }, \"servers\": [ "
        + "{ \"port\": { \"number\": 15443, \"name\": \"tls\", \"protocol\": \"TLS\" }, \"tls\": { \"mode\": \"AUTO_PASSTHROUGH\" }, \"hosts\": [ \"*.local\" ] }, "
        + "{ \"port\": { \"number\": 80, \"name\": \"http\", \"protocol\": \"HTTP\" }, \"hosts\": [ \"*\" ] } ] } }";

    private const string Sidecar = "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Sidecar\", \"metadata\": { \"name\": \"default\", \"namespace\": \"shop\" }, \"spec\": { \"egress\": [ { \"hosts\": [ \"./*\" ] } ] } }";

    private const string Policy = "{ \"apiVersion\": \"security.istio.io/v1\", \"kind\": \"AuthorizationPolicy\", \"metadata\": { \"name\": \"deny-all\", \"namespace\": \"shop\" }, \"spec\": { } }";

    private const string ConfigMap = "{ \"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": { \"name\": \"settings\", \"namespace\": \"shop\" } }";

    [Fact]
    public void EachFindingNamesTheObjectItComesFromByKind()
    {
        var cluster = Cluster(ImmutableSortedDictionary<string, MapNode>.Empty, Gateway, Sidecar, Policy, ConfigMap);
        var gateway = new ObjectRef("c1", "Gateway", "istio-eastwest", "cross-network");
        Assert.Equal(gateway, Assert.Single(cluster.PassthroughServers).Source);
        Assert.Equal([gateway, gateway], cluster.GatewayServers.Select(s => s.Gateway));
        Assert.Equal(new ObjectRef("c1", "Sidecar", "shop", "default"), cluster.SidecarFor(cluster.AssumedClient("shop", "cart"))?.Source);
        Assert.Equal(new ObjectRef("c1", "AuthorizationPolicy", "shop", "deny-all"), Assert.Single(cluster.AuthorizationPolicies).Source);
        Assert.Equal(["ConfigMap"], cluster.IgnoredKinds);
    }

    [Fact]
    public void AnAutoPassthroughServerRunsOnThePodsTheGatewaySelects()
    {
        var cluster = Cluster(ImmutableSortedDictionary<string, MapNode>.Empty, Gateway);
        var server = Assert.Single(cluster.PassthroughServers);
        Assert.Equal("istio=eastwestgateway", string.Join(",", server.Selector.Select(s => $"{s.Key}={s.Value}")));
    }

    [Fact]
    public void AGatewayReleasesPodsRunNoSidecarAndComeFromTheRelease()
    {
        var values = MapNode.Of(("labels", MapNode.Of(("app", "istio-ingressgateway"), ("istio", "ingressgateway"))));
        var cluster = Cluster(ImmutableSortedDictionary<string, MapNode>.Empty.Add("edge", values));
        var pods = Assert.Single(cluster.Workloads);
        Assert.False(pods.HasSidecar);
        Assert.Equal(new ObjectRef("c1", "HelmRelease", "istio-system", "edge"), pods.Source);
    }

    [Fact]
    public void WithoutMeshConfigTheTrustDomainIsClusterLocal()
    {
        Assert.Equal("cluster.local", Cluster(ImmutableSortedDictionary<string, MapNode>.Empty).TrustDomain);
    }
}
