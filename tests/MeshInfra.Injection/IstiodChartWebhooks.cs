using System.Text.Json.Nodes;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Schemas;
using static MeshInfra.Injection.SelectorRequirement;

namespace MeshInfra.Injection;

/// <summary>
/// The MutatingWebhookConfigurations one istiod Helm release installs, evaluated from the
/// istio-discovery chart's templates at 1.30.3 and 1.31.0-rc.0 (identical selectors at both tags;
/// only the quoting of the Service namespace differs) with the release's values over the chart's
/// defaults (Data/istio-*/charts/istiod/values.yaml):
/// <list type="bullet">
/// <item>templates/mutatingwebhook.yaml: <c>istio-sidecar-injector[-&lt;revision&gt;]</c> with
/// rev.namespace. and rev.object. for the revision (<c>default</c> when there is none), and, only in
/// the <c>revision == ""</c> branch, namespace., object. and (with enableNamespacesByDefault) auto.;</item>
/// <item>templates/revision-tags-mwc.yaml: one <c>istio-revision-tag-&lt;tag&gt;</c> per revisionTags
/// entry, with the default-label webhooks only for the tag <c>default</c>.</item>
/// </list>
/// Both are skipped when <c>global.operatorManageWebhooks</c> is set or resourceScope leaves out
/// cluster objects, as the templates do.
/// </summary>
public static class IstiodChartWebhooks
{
    public static IReadOnlyList<(string Config, IReadOnlyList<InjectionWebhook> Webhooks)> Render(PlannedRelease istiod) =>
        Render(istiod.Chart, istiod.Version, istiod.Values);

    /// <summary>What a release of <paramref name="chart"/> at <paramref name="version"/> with these values installs (nothing unless the chart is istiod).</summary>
    public static IReadOnlyList<(string Config, IReadOnlyList<InjectionWebhook> Webhooks)> Render(string chart, string version, MapNode values)
    {
        if (chart != "istiod")
        {
            return [];
        }

        var defaults = Defaults(IstioVersions.LineOf(version));
        var revision = String(values.At("revision")) ?? defaults["revision"]?.GetValue<string>() ?? "";
        var tags = values.At("revisionTags") is ListNode list
            ? list.Items.Select(i => String(i)!).ToList()
            : defaults["revisionTags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        var byDefault = values.At("sidecarInjectorWebhook", "enableNamespacesByDefault") is ScalarNode { Value: bool b }
            ? b
            : defaults["sidecarInjectorWebhook"]!["enableNamespacesByDefault"]!.GetValue<bool>();
        var scope = String(values.At("global", "resourceScope")) ?? defaults["global"]!["resourceScope"]!.GetValue<string>();
        var operatorManaged = values.At("global", "operatorManageWebhooks") is ScalarNode { Value: true }
            || defaults["global"]!["operatorManageWebhooks"]!.GetValue<bool>();
        if (operatorManaged || (scope != "all" && scope != "cluster"))
        {
            return [];
        }

        var injector = revision == "" ? "istiod" : $"istiod-{revision}";
        var configs = new List<(string, IReadOnlyList<InjectionWebhook>)>
        {
            (revision == "" ? "istio-sidecar-injector" : $"istio-sidecar-injector-{revision}", Webhooks(injector, revision == "" ? "default" : revision, revision == "", byDefault)),
        };
        configs.AddRange(tags.Select(tag => ($"istio-revision-tag-{tag}", (IReadOnlyList<InjectionWebhook>)Webhooks(injector, tag, tag == "default", byDefault))));
        return configs;
    }

    /// <summary>The selectors of both templates: the revision's (or tag's) own two, then the default labels'.</summary>
    private static List<InjectionWebhook> Webhooks(string injector, string revisionLabel, bool defaultLabels, bool byDefault)
    {
        var webhooks = new List<InjectionWebhook>
        {
            new("rev.namespace.sidecar-injector.istio.io", injector,
                new([In(IstioLabels.Revision, revisionLabel), Absent(IstioLabels.Injection)]),
                new([NotIn(IstioLabels.SidecarInject, "false")])),
            new("rev.object.sidecar-injector.istio.io", injector,
                new([Absent(IstioLabels.Revision), Absent(IstioLabels.Injection)]),
                new([NotIn(IstioLabels.SidecarInject, "false"), In(IstioLabels.Revision, revisionLabel)])),
        };
        if (defaultLabels)
        {
            webhooks.Add(new("namespace.sidecar-injector.istio.io", injector,
                new([In(IstioLabels.Injection, "enabled")]),
                new([NotIn(IstioLabels.SidecarInject, "false")])));
            webhooks.Add(new("object.sidecar-injector.istio.io", injector,
                new([Absent(IstioLabels.Injection), Absent(IstioLabels.Revision)]),
                new([In(IstioLabels.SidecarInject, "true"), Absent(IstioLabels.Revision)])));
            if (byDefault)
            {
                webhooks.Add(new("auto.sidecar-injector.istio.io", injector,
                    new([Absent(IstioLabels.Injection), Absent(IstioLabels.Revision), NotIn("kubernetes.io/metadata.name", "kube-system", "kube-public", "kube-node-lease", "local-path-storage")]),
                    new([Absent(IstioLabels.SidecarInject), Absent(IstioLabels.Revision)])));
            }
        }

        return webhooks;
    }

    private static string? String(ManifestNode? node) => node is ScalarNode { Value: string s } ? s : null;

    private static readonly Dictionary<string, JsonObject> DefaultsByLine = [];

    /// <summary>
    /// The chart's defaults (values.yaml of the line's reference tag, embedded): the real ones nest under
    /// _internal_defaults_do_not_set.
    /// </summary>
    private static JsonObject Defaults(string line)
    {
        lock (DefaultsByLine)
        {
            if (!DefaultsByLine.TryGetValue(line, out var defaults))
            {
                using var stream = typeof(IstiodChartWebhooks).Assembly.GetManifestResourceStream($"{line}/istiod/values.yaml")
                    ?? throw new InvalidOperationException($"No istiod chart defaults embedded for Istio {line}.");
                using var reader = new StreamReader(stream);
                var file = (JsonObject)YamlJson.ParseDocuments(reader.ReadToEnd()).Single()!;
                defaults = (JsonObject)file["_internal_defaults_do_not_set"]!;
                DefaultsByLine[line] = defaults;
            }

            return defaults;
        }
    }
}
