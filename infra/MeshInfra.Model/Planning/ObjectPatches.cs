using System.Collections.Immutable;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Planning;

/// <summary>
/// How <c>diff</c> names a patch of an object MeshInfra does not own: a change to that existing object,
/// with what it is for, and each field it sets written over what the cluster has. Shown as <c>+</c> it
/// would read as a new object; for the handover's deactivation, as a second injector.
/// </summary>
public static class ObjectPatches
{
    /// <summary>What the field held before the patch: the cluster's value, which the plan does not know.</summary>
    public const string LiveValue = "(as in the cluster)";

    public static string Describe(PlannedObject patch) => IsInjectorDeactivation(patch)
        ? $"{patch.Describe()}, patched, not created: {InjectorDeactivation.Reason}"
        : $"{patch.Describe()}, patched (exists already): MeshInfra sets only these fields";

    public static string DescribeDropped(PlannedObject patch) => IsInjectorDeactivation(patch)
        ? $"{patch.Describe()}, patch dropped: the deactivation is forgotten, not undone (the object went with {InjectorDeactivation.Owner}'s release)"
        : $"{patch.Describe()}, patch dropped: the object stays, MeshInfra no longer sets its fields";

    /// <summary>
    /// Each field the patch sets, from the cluster's value to the patch's. The deactivation's are one
    /// line per webhook selector, the webhook named (a list map keyed by name, as the patch merges it).
    /// </summary>
    public static ImmutableArray<FieldChange> Fields(PlannedObject patch)
    {
        if (IsInjectorDeactivation(patch))
        {
            return [.. ((ListNode)patch.Object.Body["webhooks"]!).Items.Cast<MapNode>().SelectMany(w => new[] { "namespaceSelector", "objectSelector" }.Select(selector =>
                new FieldChange(
                    $"webhooks[name={((ScalarNode)w["name"]!).Value}].{selector}",
                    $"(the chart's, as in the cluster)",
                    $"matchLabels {InjectorDeactivation.NeverMatchLabel}={InjectorDeactivation.NeverMatchValue} (no object carries it: matches nothing)")))];
        }

        return [.. ManifestDiff.Between(MapNode.Of(), patch.Object.ToNode())
            .Where(f => f.Path is not ("" or "apiVersion" or "kind" or "metadata.name" or "metadata.namespace"))
            .Select(f => f with { Before = LiveValue })];
    }

    private static bool IsInjectorDeactivation(PlannedObject patch) =>
        patch.Object.Kind == RevisionTagWebhook.Kind && patch.Object.Metadata.Name == InjectorDeactivation.RevisionlessInjector;
}
