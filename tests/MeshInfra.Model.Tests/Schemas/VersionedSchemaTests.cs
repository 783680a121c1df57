using System.Text.Json.Nodes;
using MeshInfra.Model.Federation;
using MeshInfra.Model.Tests.Federation;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Schemas;

namespace MeshInfra.Model.Tests.Schemas;

/// <summary>
/// Objects and Helm values are checked against the data of the stack's own Istio line: what 1.31
/// added is refused on a 1.30 stack. (1.31 removed no CRD field or chart value that 1.30 has, so the
/// reverse case has no instance in this data; the check is the same code with the other line.)
/// </summary>
public sealed class VersionedSchemaTests
{
    // HTTP/2 keep-alive pings for upstreams: added to the DestinationRule traffic policy in 1.31.
    private const string KeepAliveRule = """
      [ { "kind": "DestinationRule", "name": "pings", "namespace": "default", "placement": "all",
          "spec": { "host": "reviews.default.svc.cluster.local",
                    "trafficPolicy": { "connectionPool": { "http": { "http2KeepAlive": { "interval": "30s", "timeout": "5s" } } } } } } ]
    """;

    private static IReadOnlyList<string> FederationErrors(string version)
    {
        var root = JsonNode.Parse(FederatedConfigs.Mesh(KeepAliveRule))!.AsObject();
        root["istio"] = new JsonObject { ["version"] = version };
        var spec = Configs.Spec(root.ToJsonString());
        return FederationValidator.Validate(spec, ManifestSchemaValidator.For(spec.Istio.Line)).Select(e => e.ToString()).ToList();
    }

    [Fact]
    public void AFieldThat131AddedIsAnErrorOnA130Stack()
    {
        var errors = FederationErrors("1.30.3");
        Assert.Equal(3, errors.Count);
        Assert.Equal(
            "mesh.federated[0]: the copy for cluster 'west-a' does not fit the Istio 1.30 DestinationRule schema: DestinationRule/pings: $.spec.trafficPolicy.connectionPool.http.http2KeepAlive: unknown field",
            errors[0]);
    }

    [Fact]
    public void TheSameFieldIsAcceptedOnA131Stack() => Assert.Empty(FederationErrors("1.31.1"));

    [Fact]
    public void EachLineHasItsOwnCrdData()
    {
        Assert.Equal(["1.30", "1.31"], ManifestSchemaValidator.Lines);
        Assert.Contains("http2KeepAlive", ManifestSchemaValidator.CrdText("1.31"), StringComparison.Ordinal);
        Assert.DoesNotContain("http2KeepAlive", ManifestSchemaValidator.CrdText("1.30"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.30", "dcb43ff6b9af2f629b80b6a82597f5a91db259c757e66cc5353ac007da28351a")]
    [InlineData("1.31", "c0ad59e008658765412badb836e73a523a355e3d792a32ad3c0711a728be5aff")]
    public void TheEmbeddedCrdsAreTheUpstreamBytes(string line, string sha256)
    {
        // Gzipped for size, never edited: the text is the reference file (shared/reference/istio-*/crd-all.gen.yaml) byte for byte.
        var bytes = System.Text.Encoding.UTF8.GetBytes(ManifestSchemaValidator.CrdText(line));
        Assert.Equal(sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
    }

    [Fact]
    public void AnUnknownLineIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ManifestSchemaValidator.For("1.29"));

    [Fact]
    public void AGatewayValueThat131AddedIsUnknownTo130sChart()
    {
        var values = new JsonObject { ["dnsPolicy"] = "ClusterFirst", ["service"] = new JsonObject { ["healthCheckNodePort"] = 30000 } };
        Assert.Equal(["dnsPolicy", "service.healthCheckNodePort"], HelmValuesPathChecker.For("1.30").UnknownPaths("gateway", values));
        Assert.Empty(HelmValuesPathChecker.For("1.31").UnknownPaths("gateway", values));
    }

    [Theory]
    [MemberData(nameof(SchemaData.Lines), MemberType = typeof(SchemaData))]
    public void IstiodTakesAnExplicitHubAndRevisionOnEveryLine(string line)
    {
        var values = new JsonObject { ["revision"] = "canary", ["global"] = new JsonObject { ["hub"] = "docker.io/istio" } };
        Assert.Empty(HelmValuesPathChecker.For(line).UnknownPaths("istiod", values));
        Assert.Empty(HelmValuesPathChecker.For(line).UnknownPaths("gateway", new JsonObject { ["revision"] = "canary" }));
        // The base chart runs no image of its own: a hub there would be ignored, so it is unknown.
        Assert.Equal(["global.hub"], HelmValuesPathChecker.For(line).UnknownPaths("base", new JsonObject { ["global"] = new JsonObject { ["hub"] = "docker.io/istio" } }));
    }
}
