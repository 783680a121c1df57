using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Tests.Injection;

/// <summary>
/// The MutatingWebhookConfigurations one cluster holds, changed one planned resource at a time the way
/// the deploy changes them: a Helm install or upgrade replaces everything its release renders, an
/// object replaces its configuration, a server-side patch rewrites the selectors of the webhooks it
/// names (only where the object exists), and an uninstall deletes what its release rendered.
/// </summary>
internal sealed class ClusterWebhooks
{
    private readonly Dictionary<string, (ResourceId Owner, List<InjectionWebhook> Webhooks)> configs = new(StringComparer.Ordinal);
    private readonly Dictionary<ResourceId, string> istiods = [];

    /// <summary>The revisions of the installed istiod releases (<c>default</c> for the revision-less one).</summary>
    public IEnumerable<string> Revisions => istiods.Values;

    public IEnumerable<InjectionWebhook> Webhooks => configs.Values.SelectMany(c => c.Webhooks);

    public IEnumerable<string> ConfigNames => configs.Keys.Order(StringComparer.Ordinal);

    public void Apply(PlannedResource resource)
    {
        switch (resource)
        {
            case PlannedRelease { Chart: "istiod" } release:
                Remove(release);
                foreach (var (name, webhooks) in IstiodChartWebhooks.Render(release))
                {
                    configs[name] = (release.Id, [.. webhooks]);
                }

                istiods[release.Id] = release.Values.At("revision") is ScalarNode { Value: string r } ? r : "default";
                break;
            case PlannedObject { Object.Kind: RevisionTagWebhook.Kind, IsPatch: false } o:
                configs[o.Object.Metadata.Name] = (o.Id, [.. Parse(o.Object)]);
                break;
            case PlannedObject { Object.Kind: RevisionTagWebhook.Kind, IsPatch: true } patch:
                if (configs.TryGetValue(patch.Object.Metadata.Name, out var existing))
                {
                    foreach (var change in ((ListNode)patch.Object.Body["webhooks"]!).Items)
                    {
                        var map = (MapNode)change;
                        var name = ((ScalarNode)map["name"]!).Value;
                        var i = existing.Webhooks.FindIndex(w => w.Name == (string)name);
                        existing.Webhooks[i] = existing.Webhooks[i] with
                        {
                            NamespaceSelector = LabelSelector.From(map["namespaceSelector"]),
                            ObjectSelector = LabelSelector.From(map["objectSelector"]),
                        };
                    }
                }

                break;
        }
    }

    /// <summary>Deletes what a resource made: a release's configurations, an object's own; a patch leaves its object.</summary>
    public void Remove(PlannedResource resource)
    {
        if (resource is PlannedObject { IsPatch: true })
        {
            return;
        }

        foreach (var name in configs.Where(c => c.Value.Owner == resource.Id).Select(c => c.Key).ToList())
        {
            configs.Remove(name);
        }

        istiods.Remove(resource.Id);
    }

    private static IEnumerable<InjectionWebhook> Parse(KubeObject configuration) =>
        ((ListNode)configuration.Body["webhooks"]!).Items.Cast<MapNode>().Select(w => new InjectionWebhook(
            (string)((ScalarNode)w["name"]!).Value,
            (string)((ScalarNode)w.At("clientConfig", "service", "name")!).Value,
            LabelSelector.From(w["namespaceSelector"]),
            LabelSelector.From(w["objectSelector"])));
}
