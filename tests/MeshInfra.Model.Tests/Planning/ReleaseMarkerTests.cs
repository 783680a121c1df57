using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Schemas;
using MeshInfra.Model.Tests.Support;

using MeshInfra.Schemas;

namespace MeshInfra.Model.Tests.Planning;

/// <summary>
/// Every Helm release MeshInfra may uninstall (istiod of each revision, each gateway) carries the marker
/// apply.sh looks for, at both chart versions, under a key the chart accepts (the gateway chart's
/// values.schema.json, which closes its values with additionalProperties: false; the istiod chart's
/// declared <c>deploymentAnnotations</c>), and apply.sh's pattern finds it in the JSON helm prints.
/// </summary>
public sealed class ReleaseMarkerTests
{
    // With an ingress gateway on both clusters, and during a canary (two istiod releases, one at the old version).
    private static readonly string Stack = Configs.Seed
        .Replace("\"network\": \"network2\" }", "\"network\": \"network2\", \"ingressGateway\": true }", StringComparison.Ordinal)
        .Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"istio\": { \"version\": \"VERSION\", \"revision\": \"canary\", \"upgradeFrom\": { \"version\": \"FROM\" } },", StringComparison.Ordinal);

    private static MeshPlan PlanOn(string line) => Configs.Plan(line == "1.30"
        ? Stack.Replace("VERSION", "1.30.3", StringComparison.Ordinal).Replace("FROM", "1.30.2", StringComparison.Ordinal)
        : Stack.Replace("VERSION", "1.31.1", StringComparison.Ordinal).Replace("FROM", "1.30.3", StringComparison.Ordinal));

    private static object Sample(DeferredValue value) => value is GatewayNodePort ? 31443L : "203.0.113.7";

    [Theory]
    [MemberData(nameof(SchemaData.Lines), MemberType = typeof(SchemaData))]
    public void EveryReleaseThatCanBeUninstalledCarriesTheMarkerUnderTheKeyItsChartRendersOnTheDeployment(string line)
    {
        var releases = PlanOn(line).Clusters.SelectMany(c => c.Releases).ToList();
        // The canary keeps the old istiod: two istiod releases per cluster, and two gateways each.
        Assert.Equal(4, releases.Count(r => r.Chart == "istiod"));
        Assert.Equal(4, releases.Count(r => r.Chart == "gateway"));

        foreach (var release in releases)
        {
            var values = ManifestJson.ToJson(release.Values, Sample)!.AsObject();
            // The keys the charts' deployment.yaml render into the Deployment's metadata.annotations
            // (istio-discovery: deploymentAnnotations; gateway: annotations), 1.30.3 and 1.31.0-rc.0.
            var annotations = release.Chart switch
            {
                "istiod" => values["deploymentAnnotations"],
                "gateway" => values["annotations"],
                _ => null,
            };
            if (release.RetainOnDelete)
            {
                // base: never uninstalled by either path, so it needs no marker and carries none.
                Assert.Equal("base", release.Chart);
                Assert.DoesNotMatch(ReleaseMarker.JsonPattern, values.ToJsonString());
                continue;
            }

            Assert.True(annotations?["meshinfra.io/managed-by"]?.GetValue<string>() == "meshinfra", $"{release.Id}: {values.ToJsonString()}");
            // helm get values -o json prints compact JSON (Go's encoder); apply.sh greps it with this ERE.
            Assert.Matches(ReleaseMarker.JsonPattern, values.ToJsonString());
        }
    }

    [Theory]
    [MemberData(nameof(SchemaData.Lines), MemberType = typeof(SchemaData))]
    public void TheGatewayChartsSchemaAcceptsEveryGatewayReleasesValuesWithTheMarker(string line)
    {
        var schema = GatewaySchema(line);
        var errors = PlanOn(line).Clusters.SelectMany(c => c.Releases).Where(r => r.Chart == "gateway")
            .SelectMany(r => Validate(schema, ManifestJson.ToJson(r.Values, Sample)!.AsObject()).Select(e => $"{r.Id}: {e}"))
            .ToList();
        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(SchemaData.Lines), MemberType = typeof(SchemaData))]
    public void TheGatewaySchemaCheckRejectsAMarkerUnderAKeyTheChartDoesNotHaveOrOfAnotherType(string line)
    {
        var schema = GatewaySchema(line);
        var beside = new JsonObject { ["name"] = "istio-ingressgateway", ["deploymentAnnotations"] = new JsonObject { ["meshinfra.io/managed-by"] = "meshinfra" } };
        var nested = new JsonObject { ["annotations"] = new JsonObject { ["meshinfra.io/managed-by"] = new JsonObject { ["owner"] = "meshinfra" } } };

        Assert.NotEmpty(Validate(schema, beside));
        Assert.NotEmpty(Validate(schema, nested));
    }

    [Theory]
    [MemberData(nameof(SchemaData.Lines), MemberType = typeof(SchemaData))]
    public void TheIstiodChartDeclaresTheMarkersKeyAndTheCheckWouldCatchAnUndeclaredOne(string line)
    {
        var checker = HelmValuesPathChecker.For(line);
        var marker = new JsonObject { ["meshinfra.io/managed-by"] = "meshinfra" };

        Assert.Empty(checker.UnknownPaths("istiod", new JsonObject { ["deploymentAnnotations"] = marker.DeepClone() }));
        Assert.Equal(["annotations.meshinfra\\.io/managed-by"], checker.UnknownPaths("istiod", new JsonObject { ["annotations"] = marker.DeepClone() }));
    }

    [Fact]
    public void ThePatternFindsOnlyTheMarkerNotAnotherValueOfItsKeyNorItsKeyAsAValue()
    {
        var pattern = new Regex(ReleaseMarker.JsonPattern, RegexOptions.None, TimeSpan.FromSeconds(1));

        Assert.Matches(pattern, "{\"annotations\":{\"meshinfra.io/managed-by\":\"meshinfra\"},\"name\":\"istio-ingressgateway\"}");
        Assert.Matches(pattern, "{\n  \"deploymentAnnotations\": {\n    \"meshinfra.io/managed-by\": \"meshinfra\"\n  }\n}");
        Assert.DoesNotMatch(pattern, "{\"annotations\":{\"meshinfra.io/managed-by\":\"team-a\"}}");
        Assert.DoesNotMatch(pattern, "{\"annotations\":{\"meshinfraXio/managed-by\":\"meshinfra\"}}");
        Assert.DoesNotMatch(pattern, "null");
    }

    /// <summary>JSON Schema's <c>"type": [..., "null"]</c> is OpenAPI's <c>nullable: true</c>, which the compiler reads.</summary>
    private static void Nullable(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                if (map["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null"))
                {
                    map["type"] = new JsonArray([.. types.Where(t => t?.GetValue<string>() != "null").Select(t => t!.DeepClone())]);
                    map["nullable"] = true;
                }

                foreach (var (_, child) in map.ToList())
                {
                    Nullable(child);
                }

                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    Nullable(item);
                }

                break;
        }
    }

    /// <summary>
    /// The gateway chart's values.schema.json (draft JSON Schema with its types under <c>$defs</c>), read by
    /// the manifest validator's compiler: its <c>$defs</c> stand where an OpenAPI document keeps components.
    /// </summary>
    private static CompiledSchema GatewaySchema(string line)
    {
        var text = File.ReadAllText(SchemaData.PathOf($"{SchemaData.IstioFolderOf(line)}/charts/gateway/values.schema.json"))
            .Replace("#/$defs/", "#/components/schemas/", StringComparison.Ordinal);
        var document = JsonNode.Parse(text)!.AsObject();
        Nullable(document);
        var compiler = new SchemaCompiler(document["$defs"]!.AsObject(), structural: false);
        return compiler.Compile(document);
    }

    private static List<string> Validate(CompiledSchema schema, JsonObject values)
    {
        var errors = new List<string>();
        SchemaEvaluator.Validate(values, schema, JsonPaths.Root, errors);
        return errors;
    }
}
