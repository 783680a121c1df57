using System.Text.Json.Nodes;
using MeshInfra.Model.Config;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Cases the second Stryker run over infra/MeshInfra.Model/Istio showed no test had (IstioObjects.GatewayService):
/// objects the API server would refuse. Kubernetes 1.32 validates every label key as a qualified name and every
/// value as a label value (apimachinery pkg/api/validation/objectmeta.go, ValidateLabels), and refuses a Service
/// whose ports share a nodePort (pkg/apis/core/validation/validation.go, ValidateService: "may not be duplicated").
/// </summary>
public sealed class GatewayServiceMutantTests
{
    private static IEnumerable<MapNode> Objects(string json) =>
        Configs.Plan(json).Clusters.SelectMany(c => c.Objects).Select(o => o.Object.ToNode());

    public static TheoryData<string> Stacks => [nameof(Configs.Seed), nameof(Configs.ThreeClusters)];

    [Theory]
    [MemberData(nameof(Stacks))]
    public void EveryLabelOfEveryPlannedObjectIsOneTheApiServerAccepts(string stack)
    {
        var json = stack == nameof(Configs.Seed) ? Configs.Seed : Configs.ThreeClusters;
        var refused = Objects(json)
            .SelectMany(o => ((o.At("metadata", "labels") as MapNode)?.Entries ?? []).Select(e => (Object: $"{(o["kind"] as ScalarNode)?.Value}/{(o.At("metadata", "name") as ScalarNode)?.Value}", e.Key, Value: (e.Value as ScalarNode)?.Value as string ?? "")))
            .Where(l => !Names.IsLabelKey(l.Key) || !Names.IsLabelValue(l.Value))
            .Select(l => $"{l.Object}: {l.Key}={l.Value}");
        Assert.Empty(refused);
    }

    [Fact]
    public void APinnedNodePortIsOnTheDialledPortOnly()
    {
        var root = JsonNode.Parse(Configs.ThreeClusters)!.AsObject();
        root["clusters"]![2]!["gateway"]!["nodePort"] = 31443;
        var service = Objects(root.ToJsonString()).Single(o => (o["kind"] as ScalarNode)?.Value as string == "Service"
            && (o.At("metadata", "name") as ScalarNode)?.Value as string == "istio-eastwestgateway"
            && (o.At("spec", "type") as ScalarNode)?.Value as string == "NodePort");
        var pinned = ((ListNode)service.At("spec", "ports")!).Items.OfType<MapNode>()
            .Where(p => p["nodePort"] is ScalarNode { Value: not null })
            .Select(p => $"{(p["port"] as ScalarNode)?.Value}->{(p["nodePort"] as ScalarNode)?.Value}");
        Assert.Equal(["15443->31443"], pinned);
    }
}
