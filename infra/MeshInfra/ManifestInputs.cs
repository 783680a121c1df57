using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using Pulumi;

namespace MeshInfra;

/// <summary>
/// Turns the plan's manifest trees into values Pulumi serializes: maps to dictionaries, lists to
/// arrays, and each deferred value to the Output that resolves it. Pulumi's serializer awaits
/// Outputs at any depth, so a gateway address deep in a ServiceEntry stays a real dependency.
/// </summary>
internal static class ManifestInputs
{
    public static object ToValue(ManifestNode node, Func<DeferredValue, Output<object>> resolve) => node switch
    {
        ScalarNode { Value: long l } => checked((int)l),
        ScalarNode s => s.Value,
        MapNode map => ToDictionary(map, resolve),
        ListNode list => list.Items.Select(i => ToValue(i, resolve)).ToImmutableArray(),
        DeferredNode deferred => resolve(deferred.Value),
        _ => throw new InvalidOperationException($"Unknown manifest node {node.GetType().Name}."),
    };

    public static ImmutableDictionary<string, object?> ToDictionary(MapNode map, Func<DeferredValue, Output<object>> resolve) =>
        map.Entries.ToImmutableDictionary(e => e.Key, e => (object?)ToValue(e.Value, resolve), StringComparer.Ordinal);

    /// <summary>Helm values hold no deferred values; anything deferred there is a planner bug.</summary>
    public static InputMap<object> ToHelmValues(MapNode values)
    {
        var result = new InputMap<object>();
        foreach (var entry in values.Entries)
        {
            result.Add(entry.Key, Output.Create(ToValue(entry.Value, d => throw new InvalidOperationException($"Helm values cannot wait for {d.Key}."))));
        }

        return result;
    }
}
