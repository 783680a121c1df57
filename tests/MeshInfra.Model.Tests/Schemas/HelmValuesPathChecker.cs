using System.Collections.Frozen;
using System.Text.Json.Nodes;

using MeshInfra.Schemas;

namespace MeshInfra.Model.Tests.Schemas;

/// <summary>
/// Catches Helm values that the charts of the stack's Istio line would silently ignore: every leaf path the plan sets
/// must be a value the chart declares. Helm itself never complains about an unknown key (only the
/// gateway chart has a values.schema.json), so a typo such as <c>global.meshId</c> would install a
/// mesh without its ID.
/// </summary>
public sealed class HelmValuesPathChecker
{
    // The charts nest their real defaults under this key (a Helm workaround); users set them top-level.
    internal const string InternalDefaultsKey = "_internal_defaults_do_not_set";

    private static readonly Dictionary<string, Lazy<HelmValuesPathChecker>> ByLine = new(StringComparer.Ordinal)
    {
        ["1.30"] = new(() => Load("1.30"), LazyThreadSafetyMode.ExecutionAndPublication),
        ["1.31"] = new(() => Load("1.31"), LazyThreadSafetyMode.ExecutionAndPublication),
    };

    private readonly FrozenDictionary<string, HelmChartValues> charts;

    private HelmValuesPathChecker(Dictionary<string, HelmChartValues> charts) =>
        this.charts = charts.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The checker over the default line's charts (base, istiod, gateway), loaded once on first use.</summary>
    public static HelmValuesPathChecker Shared => For("1.31");

    /// <summary>The checker over one Istio line's charts.</summary>
    public static HelmValuesPathChecker For(string line) => ByLine[line].Value;

    /// <summary>
    /// The leaf paths of <paramref name="values"/> that <paramref name="chart"/> does not declare,
    /// dotted as for <c>helm --set</c> (a dot inside a key is escaped as <c>\.</c>); empty when all are known.
    /// Lists and empty maps are leaves: the charts treat list items as opaque.
    /// </summary>
    public IReadOnlyList<string> UnknownPaths(string chart, JsonObject values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!charts.TryGetValue(chart, out var declared))
        {
            throw new ArgumentOutOfRangeException(nameof(chart), chart, $"Known charts: {string.Join(", ", charts.Keys)}");
        }

        var unknown = new List<string>();
        Collect(declared, values, [], unknown);
        return unknown;
    }

    private static void Collect(HelmChartValues chart, JsonObject values, List<string> prefix, List<string> unknown)
    {
        foreach (var (key, value) in values)
        {
            prefix.Add(key);
            if (value is JsonObject { Count: > 0 } nested)
            {
                Collect(chart, nested, prefix, unknown);
            }
            else if (!chart.Declares(prefix))
            {
                unknown.Add(string.Join('.', prefix.Select(p => p.Replace(".", "\\.", StringComparison.Ordinal))));
            }

            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    private static HelmValuesPathChecker Load(string line)
    {
        var charts = new Dictionary<string, HelmChartValues>(StringComparer.Ordinal);
        foreach (var chart in new[] { "base", "istiod", "gateway" })
        {
            var folder = $"{SchemaData.IstioFolderOf(line)}/charts/{chart}";
            var file = YamlJson.ParseDocuments(File.ReadAllText(SchemaData.PathOf($"{folder}/values.yaml"))).Single() as JsonObject
                ?? throw new InvalidDataException($"{folder}/values.yaml is not a mapping");
            var defaults = (file[InternalDefaultsKey] as JsonObject)?.DeepClone().AsObject() ?? [];
            foreach (var (key, value) in file)
            {
                if (key != InternalDefaultsKey)
                {
                    defaults[key] = value?.DeepClone();
                }
            }

            JsonObject? schema = null;
            if (File.Exists(Path.Combine(SchemaData.Root, folder, "values.schema.json")))
            {
                schema = JsonNode.Parse(File.ReadAllText(SchemaData.PathOf($"{folder}/values.schema.json"))) as JsonObject;
            }

            // istiod's meshConfig is the MeshConfig proto passed through verbatim ("See
            // https://istio.io/docs/reference/config/istio.mesh.v1alpha1/ for all available options"
            // in values.yaml); the chart's single default (enablePrometheusMerge) is no list of keys.
            var freeForm = chart == "istiod" ? new[] { "meshConfig" } : [];
            // istio-discovery's reader-clusterrole.yaml and reader-clusterrolebinding.yaml render only while
            // `dig "global" "enableReaderRBAC" true .Values` holds (1.30.3 and 1.31.0-rc.0), and the istiod
            // chart's values.yaml does not declare the key (the base chart's does).
            var templateRead = chart == "istiod" ? new[] { "global.enableReaderRBAC" } : [];
            charts[chart] = new HelmChartValues(defaults, schema, freeForm, templateRead);
        }

        return new HelmValuesPathChecker(charts);
    }
}
