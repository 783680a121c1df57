using System.Text.Json.Nodes;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Schemas;
using MeshInfra.Model.Tests.Support;

using MeshInfra.Schemas;

namespace MeshInfra.Model.Tests.Planning;

/// <summary>
/// Every object of every plan validates against the CRDs of the stack's own Istio line (1.30 or
/// 1.31) or Kubernetes 1.32's OpenAPI, strictly; every Helm value path exists in that line's chart.
/// </summary>
public sealed class PlanSchemaConformanceTests
{
    private static readonly string[] PlanNames = [nameof(Configs.Seed), nameof(Configs.ThreeClusters), "CorednsCustomStrict", "FederatedAndIngress", "CanaryUpgrade"];

    public static TheoryData<string, string> Plans
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var name in PlanNames)
            {
                data.Add(name, "1.30");
                data.Add(name, "1.31");
            }

            return data;
        }
    }

    /// <summary>The named plan on one Istio line (1.30.3 or 1.31.1).</summary>
    private static MeshPlan PlanNamed(string name, string line)
    {
        var root = JsonNode.Parse(ConfigNamed(name))!.AsObject();
        var istio = root["istio"]?.AsObject() ?? [];
        istio["version"] = line == "1.30" ? "1.30.3" : "1.31.1";
        if (line == "1.30" && istio["upgradeFrom"] is JsonObject from)
        {
            from["version"] = "1.30.2";
        }

        root["istio"] = istio;
        return Configs.Plan(root.ToJsonString());
    }

    private static string ConfigNamed(string name) => name switch
    {
        nameof(Configs.Seed) => Configs.Seed,
        nameof(Configs.ThreeClusters) => Configs.ThreeClusters,
        "CanaryUpgrade" => Configs.Seed.Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"istio\": { \"revision\": \"canary\", \"upgradeFrom\": { \"version\": \"1.30.3\" } },", StringComparison.Ordinal),
        "FederatedAndIngress" => (Configs.Seed
            .Replace("\"network\": \"network2\" }", "\"network\": \"network2\", \"ingressGateway\": true }", StringComparison.Ordinal)
            .Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"externalDns\": { \"zone\": \"mesh.example.com\" }, \"federated\": " + Federation.FederatedConfigs.StrictMtls + ",", StringComparison.Ordinal)),
        _ => Configs.Seed.Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"dns\": \"coredns-custom\", \"mtls\": \"STRICT\",", StringComparison.Ordinal),
    };

    // Deferred values are validated in the shape the deploy fills in: an address string, a port number, a PEM.
    private static object Sample(DeferredValue value) => value switch
    {
        GatewayNodePort => 31443L,
        GatewayAddress => "203.0.113.7",
        _ => "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void EveryPlannedObjectValidatesAgainstItsSchema(string plan, string line)
    {
        var validator = ManifestSchemaValidator.For(line);
        var errors = PlanNamed(plan, line).Clusters
            .SelectMany(c => c.Objects)
            .SelectMany(o => validator.Validate(ManifestJson.ToJson(o.Object.ToNode(), Sample)!.AsObject()).Select(e => $"{o.Id}: {e}"))
            .ToList();
        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void EveryHelmValuePathExistsInTheChart(string plan, string line)
    {
        // A canary's old istiod is checked against its own line's chart, the rest against the stack's.
        var unknown = PlanNamed(plan, line).Clusters
            .SelectMany(c => c.Releases)
            .SelectMany(r => HelmValuesPathChecker.For(r.Version[..4]).UnknownPaths(r.Chart, ManifestJson.ToJson(r.Values, Sample)!.AsObject()).Select(p => $"{r.Id}: {p}"))
            .ToList();
        Assert.Empty(unknown);
    }

    [Fact]
    public void TheConformanceCheckCatchesABrokenObject()
    {
        // The check above must be able to fail: a planned ServiceEntry with a misspelt field does.
        var entry = Configs.Plan(Configs.Seed).Object("cluster1", "ServiceEntry", "httpbin.bar.global");
        var json = ManifestJson.ToJson(entry.ToNode(), Sample)!.AsObject();
        json["spec"]!.AsObject()["resolutin"] = "DNS";
        Assert.Equal(["ServiceEntry/httpbin.bar.global: $.spec.resolutin: unknown field"], ManifestSchemaValidator.Shared.Validate(json));
    }

    [Fact]
    public void TheValuesCheckCatchesAMisspeltPath()
    {
        var values = new JsonObject { ["global"] = new JsonObject { ["meshId"] = "mesh1" } };
        Assert.Equal(["global.meshId"], HelmValuesPathChecker.Shared.UnknownPaths("istiod", values));
    }
}
