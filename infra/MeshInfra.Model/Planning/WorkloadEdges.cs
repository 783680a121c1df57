using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Planning;

/// <summary>
/// Puts each Deployment after the ServiceAccount its pods run as and the Services that select its
/// pods. Without these edges the three share a layer and sort by name, so "Deployment" came first:
/// its pods were refused (no ServiceAccount yet) until a retry, and started without the Service.
/// </summary>
internal static class WorkloadEdges
{
    public static void Add(List<PlannedResource> resources, Action<ResourceId, ResourceId, string> edge)
    {
        var objects = resources.OfType<PlannedObject>().ToList();
        var accounts = objects.Where(o => o.Object.Kind == "ServiceAccount")
            .ToDictionary(o => (o.Object.Metadata.Namespace ?? "", o.Object.Metadata.Name), o => o.Id);
        var services = objects.Where(o => o.Object.Kind == "Service")
            .Select(o => (o.Id, Namespace: o.Object.Metadata.Namespace ?? "", Selector: Strings(o.Object.Body.At("spec", "selector"))))
            .Where(s => s.Selector.Count > 0)
            .ToLookup(s => s.Namespace, StringComparer.Ordinal);
        foreach (var deployment in objects.Where(o => o.Object.Kind == "Deployment"))
        {
            var ns = deployment.Object.Metadata.Namespace ?? "";
            var pod = deployment.Object.Body.At("spec", "template");
            if ((pod as MapNode)?.At("spec", "serviceAccountName") is ScalarNode { Value: string account } && accounts.TryGetValue((ns, account), out var accountId))
            {
                edge(accountId, deployment.Id, "a Deployment's pods run as its ServiceAccount, which must exist first");
            }

            var labels = Strings((pod as MapNode)?.At("metadata", "labels"));
            foreach (var service in services[ns].Where(s => s.Selector.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value)))
            {
                edge(service.Id, deployment.Id, "a Service comes before the pods it selects");
            }
        }
    }

    private static Dictionary<string, string> Strings(ManifestNode? node) =>
        (node as MapNode)?.Entries.Where(e => e.Value is ScalarNode { Value: string }).ToDictionary(e => e.Key, e => (string)((ScalarNode)e.Value).Value, StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);
}
