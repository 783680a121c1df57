using System.Text;
using System.Text.Json;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Tests.Support;

/// <summary>Small readers over a plan so tests state what they check, not how to dig for it.</summary>
internal static class PlanQueries
{
    public static KubeObject Object(this MeshPlan plan, string cluster, string kind, string name) =>
        plan.Cluster(cluster).Objects.Select(o => o.Object).Single(o => o.Kind == kind && o.Metadata.Name == name);

    public static IEnumerable<KubeObject> Objects(this MeshPlan plan, string cluster, string kind) =>
        plan.Cluster(cluster).Objects.Select(o => o.Object).Where(o => o.Kind == kind);

    public static PlannedRelease Release(this MeshPlan plan, string cluster, string release) =>
        plan.Cluster(cluster).Releases.Single(r => r.ReleaseName == release);

    public static string Text(this ManifestNode? node) => node switch
    {
        ScalarNode s => Convert.ToString(s.Value, System.Globalization.CultureInfo.InvariantCulture)!,
        DeferredNode d => d.Value.Placeholder,
        null => throw new InvalidOperationException("Expected a value, found none."),
        _ => throw new InvalidOperationException($"Expected a scalar, found {node.GetType().Name}."),
    };

    public static IReadOnlyList<ManifestNode> Items(this ManifestNode? node) =>
        node is ListNode list ? list.Items : throw new InvalidOperationException($"Expected a list, found {node?.GetType().Name ?? "nothing"}.");

    public static object PlaceholderValue(DeferredValue value) => value.IsInteger ? 31443L : value.Placeholder;

    /// <summary>The whole plan as one canonical text: every resource in apply order, values as JSON.</summary>
    public static string Canonical(this MeshPlan plan)
    {
        var text = new StringBuilder();
        var options = new JsonSerializerOptions { WriteIndented = false };
        foreach (var cluster in plan.Clusters)
        {
            foreach (var resource in cluster.Resources)
            {
                text.Append(resource.Id).Append(' ').Append(resource.Describe()).Append('\n');
                var node = resource switch
                {
                    PlannedObject o => o.Object.ToNode(),
                    PlannedRelease r => r.Values,
                    _ => null,
                };
                if (node is not null)
                {
                    text.Append(ManifestJson.ToJson(node, PlaceholderValue)!.ToJsonString(options)).Append('\n');
                }
            }
        }

        foreach (var host in plan.GlobalHosts)
        {
            text.Append(host.Host).Append(' ').Append(host.Address).Append('\n');
        }

        foreach (var edge in plan.Edges)
        {
            text.Append(edge.Before).Append(" -> ").Append(edge.After).Append('\n');
        }

        return text.ToString();
    }
}
