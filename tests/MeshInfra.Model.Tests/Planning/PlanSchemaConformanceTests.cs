using System.Text.Json.Nodes;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Schemas;
using MeshInfra.Model.Tests.Support;

using MeshInfra.Schemas;

namespace MeshInfra.Model.Tests.Planning;

/// <summary>
/// Every object of every plan validates against Istio 1.30.3's CRDs or Kubernetes 1.32's OpenAPI,
/// strictly; every Helm value path exists in the chart it is given to.
/// </summary>
public sealed class PlanSchemaConformanceTests
{
    public static TheoryData<string> Plans => new() { nameof(Configs.Seed), nameof(Configs.ThreeClusters), "CorednsCustomStrict", "FederatedAndIngress" };

    private static MeshPlan PlanNamed(string name) => name switch
    {
        nameof(Configs.Seed) => Configs.Plan(Configs.Seed),
        nameof(Configs.ThreeClusters) => Configs.Plan(Configs.ThreeClusters),
        "FederatedAndIngress" => Configs.Plan(Configs.Seed
            .Replace("\"network\": \"network2\" }", "\"network\": \"network2\", \"ingressGateway\": true }", StringComparison.Ordinal)
            .Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"externalDns\": { \"zone\": \"mesh.example.com\" }, \"federated\": " + Federation.FederatedConfigs.StrictMtls + ",", StringComparison.Ordinal)),
        _ => Configs.Plan(Configs.Seed.Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"dns\": \"coredns-custom\", \"mtls\": \"STRICT\",", StringComparison.Ordinal)),
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
    public void EveryPlannedObjectValidatesAgainstItsSchema(string plan)
    {
        var errors = PlanNamed(plan).Clusters
            .SelectMany(c => c.Objects)
            .SelectMany(o => ManifestSchemaValidator.Shared.Validate(ManifestJson.ToJson(o.Object.ToNode(), Sample)!.AsObject()).Select(e => $"{o.Id}: {e}"))
            .ToList();
        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void EveryHelmValuePathExistsInTheChart(string plan)
    {
        var unknown = PlanNamed(plan).Clusters
            .SelectMany(c => c.Releases)
            .SelectMany(r => HelmValuesPathChecker.Shared.UnknownPaths(r.Chart, ManifestJson.ToJson(r.Values, Sample)!.AsObject()).Select(p => $"{r.Id}: {p}"))
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
