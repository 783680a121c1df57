using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// The pods a cluster's objects declare: which run a sidecar (the injector's namespace label
/// <c>istio-injection: enabled</c>, turned off per pod by <c>sidecar.istio.io/inject: "false"</c> as a label or an
/// annotation; manifests/charts/istio-control/istio-discovery/files/injection-template.yaml and the injector's
/// webhook selectors at 1.30.3 and 1.31.0-rc.0), which live Pods serve (not finished ones), and the clients a user
/// names that no object declares.
/// </summary>
public sealed class ClusterWorkloadMutantTests
{
    private static MapNode Doc(string json) => Support.ObjectText.Parse(json);

    private static ClusterView Cluster(params string[] objects) =>
        new TrafficModel([new ClusterState("c1", null, [.. objects.Select(Doc)], ImmutableSortedDictionary<string, MapNode>.Empty, null)], [], TrafficFixture.Placeholder, "1.30.3").Clusters["c1"];

    private static string Namespace(string name, string labels) =>
        "{ \"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": { \"name\": \"" + name + "\", \"labels\": { " + labels + " } } }";

    private static string Pod(string name, string? phase = null, string annotations = "") =>
        "{ \"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"shop\", \"labels\": { \"app\": \"cart\", \"security.istio.io/tlsMode\": \"istio\" }, \"annotations\": { " + annotations + " } }, "
        + "\"spec\": { \"serviceAccountName\": \"cart\" }" + (phase is null ? "" : ", \"status\": { \"phase\": \"" + phase + "\" }") + " }";

    [Fact]
    public void AClientNamedInAnInjectedNamespaceRunsASidecarAndOneInANamespaceWithoutTheLabelDoesNot()
    {
        var cluster = Cluster(Namespace("shop", "\"istio-injection\": \"enabled\""), Namespace("legacy", "\"team\": \"old\""));
        Assert.True(cluster.AssumedClient("shop", "cart").HasSidecar);
        Assert.False(cluster.AssumedClient("legacy", "cart").HasSidecar);
    }

    [Fact]
    public void AClientNamedByTheUserIsAnAssumedPodLabelledWithItsNameUnderTheDefaultServiceAccount()
    {
        var sidecar = "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Sidecar\", \"metadata\": { \"name\": \"cart-only\", \"namespace\": \"shop\" }, "
            + "\"spec\": { \"workloadSelector\": { \"labels\": { \"app\": \"cart\" } }, \"egress\": [ { \"hosts\": [ \"./*\" ] } ] } }";
        var cluster = Cluster(sidecar);
        var client = cluster.AssumedClient("shop", "cart");
        Assert.Equal("cart-only", cluster.SidecarFor(client)?.Source.Name);
        Assert.Null(cluster.SidecarFor(cluster.AssumedClient("shop", "web")));
        Assert.Equal("default", client.ServiceAccount);
        Assert.True(client.Assumed);
    }

    [Fact]
    public void APodTemplateAnnotatedInjectFalseRunsNoSidecarInAnInjectedNamespace()
    {
        var deployment = "{ \"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": { \"name\": \"batch\", \"namespace\": \"shop\" }, \"spec\": { \"template\": { "
            + "\"metadata\": { \"labels\": { \"app\": \"batch\" }, \"annotations\": { \"sidecar.istio.io/inject\": \"false\" } } } } }";
        var cluster = Cluster(Namespace("shop", "\"istio-injection\": \"enabled\""), deployment);
        Assert.False(cluster.Workload("shop", "batch")?.HasSidecar);
    }

    [Fact]
    public void ALivePodIsFoundByItsNameAsAPodAndAFinishedOneServesNothing()
    {
        var cluster = Cluster(Pod("cart-abc"), Pod("cart-done", "Succeeded"), Pod("cart-assumed", "Running", "\"meshinfra.io/assumed\": \"true\""));
        var pod = cluster.Workload("shop", "cart-abc");
        Assert.NotNull(pod);
        Assert.Equal(new ObjectRef("c1", "Pod", "shop", "cart-abc"), pod.Source);
        Assert.True(pod.HasSidecar);
        Assert.False(pod.Assumed);
        Assert.True(cluster.Workload("shop", "cart-assumed")?.Assumed);
        Assert.Null(cluster.Workload("shop", "cart-done"));
    }

    /// <summary>Kubernetes defaults both (metadata.namespace "default", spec.serviceAccountName "default"): the identity the pods present.</summary>
    [Fact]
    public void ADeploymentOrPodWithoutNamespaceOrServiceAccountRunsInDefaultAsDefault()
    {
        var cluster = Cluster(
            "{ \"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": { \"name\": \"batch\" }, \"spec\": { \"template\": { \"metadata\": { \"labels\": { \"app\": \"batch\" } } } } }",
            "{ \"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": { \"name\": \"probe\" }, \"spec\": { } }");
        Assert.Equal("default", cluster.Workload("default", "batch")?.ServiceAccount);
        Assert.Equal("default", cluster.Workload("default", "probe")?.ServiceAccount);
    }
}
