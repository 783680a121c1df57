using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;

namespace MeshInfra.Injection;

/// <summary>
/// The MutatingWebhookConfigurations one cluster holds, changed one deploy step at a time the way the
/// API server changes them: a Helm install or upgrade replaces everything its release renders, an
/// object replaces its configuration, a server-side patch rewrites the selectors of the webhooks it
/// names (only where the object exists), and an uninstall or a delete removes what it names. Each
/// configuration is kept with its owner (a release or an object, by whatever key the caller uses).
/// </summary>
public sealed class ClusterWebhooks
{
    private readonly Dictionary<string, (string Owner, List<InjectionWebhook> Webhooks)> configs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> istiods = new(StringComparer.Ordinal);

    /// <summary>The revisions of the installed istiod releases (<c>default</c> for the revision-less one).</summary>
    public IEnumerable<string> Revisions => istiods.Values;

    public IEnumerable<InjectionWebhook> Webhooks => configs.Values.SelectMany(c => c.Webhooks);

    public IEnumerable<string> ConfigNames => configs.Keys.Order(StringComparer.Ordinal);

    /// <summary>The webhooks of one configuration, in its order; null when the cluster has none of that name.</summary>
    public IReadOnlyList<InjectionWebhook>? Config(string name) => configs.TryGetValue(name, out var config) ? config.Webhooks : null;

    /// <summary>
    /// A Helm install or upgrade of <paramref name="chart"/>: the release's configurations become what the
    /// chart renders for these values (istiod's, evaluated by <see cref="IstiodChartWebhooks"/>; other charts render none).
    /// </summary>
    public void Install(string release, string chart, string version, MapNode values)
    {
        Remove(release);
        foreach (var (name, webhooks) in IstiodChartWebhooks.Render(chart, version, values))
        {
            configs[name] = (release, [.. webhooks]);
        }

        if (chart == "istiod")
        {
            istiods[release] = values.At("revision") is ScalarNode { Value: string r } ? r : "default";
        }
    }

    /// <summary>An apply of a whole MutatingWebhookConfiguration (<paramref name="configuration"/> holds its <c>webhooks</c>): it becomes exactly what it says.</summary>
    public void Apply(string owner, string name, MapNode configuration) => configs[name] = (owner, [.. Parse(configuration)]);

    /// <summary>
    /// A server-side patch of a configuration someone else owns: the selectors of each webhook it names,
    /// where the object exists (the deploy patches only then: a patch of a missing object would create a half one).
    /// </summary>
    public void Patch(string name, MapNode patch)
    {
        if (!configs.TryGetValue(name, out var existing))
        {
            return;
        }

        foreach (var change in ((ListNode)patch["webhooks"]!).Items)
        {
            var map = (MapNode)change;
            var webhook = (string)((ScalarNode)map["name"]!).Value;
            var i = existing.Webhooks.FindIndex(w => w.Name == webhook);
            existing.Webhooks[i] = existing.Webhooks[i] with
            {
                NamespaceSelector = LabelSelector.From(map["namespaceSelector"]),
                ObjectSelector = LabelSelector.From(map["objectSelector"]),
            };
        }
    }

    /// <summary>A configuration deleted by name, whoever made it.</summary>
    public void Delete(string name) => configs.Remove(name);

    /// <summary>Deletes what an owner made: an uninstalled release's configurations, a deleted object's own.</summary>
    public void Remove(string owner)
    {
        foreach (var name in configs.Where(c => c.Value.Owner == owner).Select(c => c.Key).ToList())
        {
            configs.Remove(name);
        }

        istiods.Remove(owner);
    }

    /// <summary>A planned resource created or updated, as <c>pulumi up</c> makes it.</summary>
    public void Apply(PlannedResource resource)
    {
        switch (resource)
        {
            case PlannedRelease release:
                Install(Owner(release), release.Chart, release.Version, release.Values);
                break;
            case PlannedObject { Object.Kind: RevisionTagWebhook.Kind, IsPatch: false } o:
                Apply(Owner(o), o.Object.Metadata.Name, o.Object.Body);
                break;
            case PlannedObject { Object.Kind: RevisionTagWebhook.Kind, IsPatch: true } patch:
                Patch(patch.Object.Metadata.Name, patch.Object.Body);
                break;
        }
    }

    /// <summary>Deletes what a planned resource made: a release's configurations, an object's own; a patch leaves its object.</summary>
    public void Remove(PlannedResource resource)
    {
        if (resource is not PlannedObject { IsPatch: true })
        {
            Remove(Owner(resource));
        }
    }

    private static string Owner(PlannedResource resource) => resource.Id.ToString();

    private static IEnumerable<InjectionWebhook> Parse(MapNode configuration) =>
        ((ListNode)configuration["webhooks"]!).Items.Cast<MapNode>().Select(w => new InjectionWebhook(
            (string)((ScalarNode)w["name"]!).Value,
            (string)((ScalarNode)w.At("clientConfig", "service", "name")!).Value,
            LabelSelector.From(w["namespaceSelector"]),
            LabelSelector.From(w["objectSelector"])));
}
