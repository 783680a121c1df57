using System.Text.Json.Nodes;
using MeshInfra.Model.Federation;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Schemas;
using Moq;

namespace MeshInfra.Model.Tests.Federation;

public sealed class FederationTests
{
    private static string HostOf(KubeObject copy) =>
        ((MapNode)copy.Body.At("spec", "servers").Items()[0]).At("hosts").Items()[0].Text();

    [Fact]
    public void PlacementAllGivesEveryClusterACopy()
    {
        var spec = Configs.Spec(FederatedConfigs.Mesh(FederatedConfigs.StrictMtls));
        var federated = Assert.Single(spec.Federated);
        Assert.Equal(("security.istio.io/v1", "mesh.federated[0]"), (federated.ApiVersion, federated.Key));
        Assert.Equal(["west-a", "west-b", "east"], FederatedCopies.Targets(federated, spec.Clusters).Select(c => c.Name));
    }

    [Fact]
    public void LabelPlacementSelectsMatchingClustersAndOverridesChangeOnlyTheirCopy()
    {
        var spec = Configs.Spec(FederatedConfigs.Mesh(FederatedConfigs.RegionalGateway));
        var federated = Assert.Single(spec.Federated);
        Assert.Equal(["west-a", "west-b"], FederatedCopies.Targets(federated, spec.Clusters).Select(c => c.Name));
        var a = FederatedCopies.For(federated, "west-a");
        var b = FederatedCopies.For(federated, "west-b");
        Assert.Equal(("shop.example.com", "shop-b.example.com"), (HostOf(a), HostOf(b)));
        Assert.Equal("edge", b.Metadata.Labels["team"]);
        Assert.Equal(("Gateway", "public", "istio-system"), (b.Kind, b.Metadata.Name, b.Metadata.Namespace));
        // The override leaves the shared spec (and so every other copy) alone.
        Assert.Equal("shop.example.com", HostOf(FederatedCopies.For(federated, "west-a")));
    }

    [Fact]
    public void AnOverrideMayAddAFieldTheSharedSpecLeavesOut()
    {
        var spec = Configs.Spec(FederatedConfigs.Mesh(FederatedConfigs.StrictMtls.Replace("\"placement\": \"all\",", "\"placement\": \"all\", \"overrides\": { \"east\": { \"spec.selector.matchLabels.app\": \"legacy\" } },", StringComparison.Ordinal)));
        var copy = FederatedCopies.For(spec.Federated[0], "east");
        Assert.Equal("legacy", copy.Body.At("spec", "selector", "matchLabels", "app").Text());
        Assert.Null(FederatedCopies.For(spec.Federated[0], "west-a").Body.At("spec", "selector"));
    }

    [Theory]
    [InlineData("""[ { "kind": "EnvoyFilter", "name": "x", "namespace": "istio-system", "placement": "all", "spec": {} } ]""",
        "mesh.federated[0].kind: 'EnvoyFilter' is not one of 'AuthorizationPolicy', 'DestinationRule', 'Gateway', 'PeerAuthentication', 'ServiceEntry', 'Sidecar', 'VirtualService'")]
    [InlineData("""[ { "kind": "Sidecar", "name": "x", "namespace": "istio-system", "placement": { "labels": { "region": "mars" } }, "spec": {} } ]""",
        "mesh.federated[0].placement: selects no cluster of this mesh (clusters labelled region=mars); check the cluster names or the clusters' labels")]
    [InlineData("""[ { "kind": "Sidecar", "name": "x", "namespace": "istio-system", "placement": { "clusters": ["north"] }, "spec": {} } ]""",
        "mesh.federated[0].placement.clusters[0]: 'north' is not a cluster of this mesh (known: east, west-a, west-b)")]
    [InlineData("""[ { "kind": "Sidecar", "name": "x", "namespace": "istio-system", "placement": "everywhere", "spec": {} } ]""",
        "mesh.federated[0].placement: 'everywhere' is not a placement; give 'all', {clusters: [names]} or {labels: {key: value}}")]
    [InlineData("""[ { "kind": "Sidecar", "name": "x", "namespace": "istio-system", "placement": "all", "spec": { "egress": null } } ]""",
        "mesh.federated[0].spec.egress: null is not allowed here; leave the key out instead")]
    [InlineData("""[ { "kind": "Sidecar", "name": "x", "namespace": "istio-system", "placement": { "clusters": ["east"] }, "spec": {}, "overrides": { "west-a": { "spec.a": 1 } } } ]""",
        "mesh.federated[0].overrides.west-a: cluster 'west-a' gets no copy (clusters east are placed); remove the override or widen the placement")]
    [InlineData("""[ { "kind": "Sidecar", "name": "x", "namespace": "istio-system", "placement": "all", "spec": {}, "overrides": { "east": { "metadata.name": "y" } } } ]""",
        "mesh.federated[0].overrides.east[\"metadata.name\"]: is not a field path such as spec.servers[0].hosts[0] (it must start with 'spec.')")]
    public void StructuralMistakesNameTheirKey(string federated, string expected)
    {
        Assert.Equal([expected], Configs.Errors(FederatedConfigs.Mesh(federated)));
    }

    [Fact]
    public void TheSameObjectDeclaredTwiceIsAnError()
    {
        var twice = FederatedConfigs.StrictMtls.TrimEnd().TrimEnd(']') + "," + FederatedConfigs.StrictMtls.Trim().TrimStart('[');
        Assert.Equal(["mesh.federated[1].name: PeerAuthentication istio-system/mesh-strict is already declared at mesh.federated[0]; merge the two entries"], Configs.Errors(FederatedConfigs.Mesh(twice)));
    }

    [Fact]
    public void ACopyThatBreaksItsSchemaIsReportedAtTheEntryForThatClusterOnly()
    {
        var bad = FederatedConfigs.RegionalGateway.Replace("\"spec.servers[0].hosts[0]\": \"shop-b.example.com\"", "\"spec.servers[0].port.number\": \"eighty\"", StringComparison.Ordinal);
        var spec = Configs.Spec(FederatedConfigs.Mesh(bad));
        var errors = FederationValidator.Validate(spec, ManifestSchemaValidator.For(spec.Istio.Line)).Select(e => e.ToString()).ToList();
        var error = Assert.Single(errors);
        Assert.StartsWith("mesh.federated[0]: the copy for cluster 'west-b' does not fit the Istio 1.31 Gateway schema: Gateway/public: $.spec.servers[0].port.number:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownSpecFieldFailsTheSchemaCheckInEveryCopy()
    {
        var spec = Configs.Spec(FederatedConfigs.Mesh(FederatedConfigs.StrictMtls.Replace("\"mode\": \"STRICT\"", "\"mode\": \"STRICT\", \"mood\": \"calm\"", StringComparison.Ordinal)));
        var errors = FederationValidator.Validate(spec, ManifestSchemaValidator.For(spec.Istio.Line)).Select(e => e.ToString()).ToList();
        Assert.Equal(3, errors.Count);
        Assert.Equal("mesh.federated[0]: the copy for cluster 'east' does not fit the Istio 1.31 PeerAuthentication schema: PeerAuthentication/mesh-strict: $.spec.mtls.mood: unknown field", errors[2]);
    }

    [Fact]
    public void ValidCopiesPassTheSchemaCheck()
    {
        var spec = Configs.Spec(FederatedConfigs.Mesh(FederatedConfigs.RegionalGateway));
        Assert.Empty(FederationValidator.Validate(spec, ManifestSchemaValidator.For(spec.Istio.Line)));
    }

    [Fact]
    public void EachPlacedCopyIsCheckedOnceAndNoOtherIs()
    {
        var schema = new Mock<IManifestSchema>(MockBehavior.Strict);
        schema.Setup(s => s.Validate(It.IsAny<JsonObject>())).Returns([]);
        var spec = Configs.Spec(FederatedConfigs.Mesh(FederatedConfigs.RegionalGateway));
        Assert.Empty(FederationValidator.Validate(spec, schema.Object));
        schema.Verify(s => s.Validate(It.Is<JsonObject>(o => (string)o["kind"]! == "Gateway")), Times.Exactly(2));
        schema.VerifyNoOtherCalls();
    }

    [Fact]
    public void AnOverrideIntoAMissingListElementIsReported()
    {
        var bad = FederatedConfigs.RegionalGateway.Replace("spec.servers[0].hosts[0]", "spec.servers[3].hosts[0]", StringComparison.Ordinal);
        var spec = Configs.Spec(FederatedConfigs.Mesh(bad));
        Assert.Equal(
            ["mesh.federated[0]: overrides.west-b[\"spec.servers[3].hosts[0]\"]: the list has 1 element(s), so there is no [3]"],
            FederationValidator.Validate(spec, ManifestSchemaValidator.For(spec.Istio.Line)).Select(e => e.ToString()));
    }
}
