using System.Text.Json.Nodes;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Trust;

/// <summary>A stack config at one step of a root rotation (the three-cluster mesh unless another is given).</summary>
internal static class RotationConfigs
{
    public static string At(string phase, string from, string[]? switched = null, int rootGeneration = 1, string json = Configs.ThreeClusters)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        var rotation = new JsonObject { ["phase"] = phase, ["from"] = from };
        if (switched is not null)
        {
            rotation["switched"] = new JsonArray([.. switched.Select(s => (JsonNode)JsonValue.Create(s)!)]);
        }

        node["trust"] = new JsonObject { ["rootGeneration"] = rootGeneration, ["rotation"] = rotation };
        return node.ToJsonString();
    }

    public static MeshPlan Plan(string phase, string from, string[]? switched = null, int rootGeneration = 1) =>
        Configs.Plan(At(phase, from, switched, rootGeneration));

    /// <summary>Every step of a rotation of the three-cluster mesh, one deploy each, in order.</summary>
    public static IReadOnlyList<(string Step, MeshPlan Plan)> Steps() =>
    [
        ("none", Configs.Plan(Configs.ThreeClusters)),
        ("trustBoth", Plan("trustBoth", "none")),
        ("switch east", Plan("switch", "trustBoth", ["east"])),
        ("switch east, west", Plan("switch", "switch", ["east", "west"])),
        ("switch all", Plan("switch", "switch", ["east", "west", "edge"])),
        ("dropOld", Plan("dropOld", "switch", ["east", "west", "edge"])),
        ("none (generation 2)", Plan("none", "dropOld", rootGeneration: 2)),
    ];
}
