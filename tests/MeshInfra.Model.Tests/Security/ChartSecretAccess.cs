using System.Text.Json.Nodes;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Schemas;

using MeshInfra.Schemas;

namespace MeshInfra.Model.Tests.Security;

/// <summary>
/// Which service accounts Istio's charts let read Secrets, for a plan's releases: each template's
/// condition evaluated over the chart's own defaults (values.yaml of the line, under Data/) with the
/// plan's values on top, as Helm merges them. The templates, read at both tags (1.30.3, 1.31.0-rc.0;
/// identical in what matters here):
/// <list type="bullet">
/// <item>gateway chart, templates/role.yaml: while <c>.Values.rbac.enabled</c>, a Role in
/// <c>.Release.Namespace</c> with apiGroups [""], resources ["secrets"], verbs get/watch/list, and a
/// RoleBinding of it to the gateway's service account (gateway.serviceAccountName: the release name by default).</item>
/// <item>istio-discovery (istiod chart), templates/reader-clusterrole.yaml and reader-clusterrolebinding.yaml:
/// while <c>global.resourceScope</c> is all or cluster and <c>dig "global" "enableReaderRBAC" true .Values</c>,
/// a ClusterRole whose core-group rule lists "secrets" with get/list/watch, bound to
/// istio-reader-service-account in <c>global.istioNamespace</c>.</item>
/// <item>base chart, templates/reader-serviceaccount.yaml: that service account, under the same
/// enableReaderRBAC condition (resourceScope all or namespace).</item>
/// </list>
/// istiod's own roles are left out: istiod is the one meant to read cacerts.
/// </summary>
internal static class ChartSecretAccess
{
    private const string ReaderAccount = "istio-reader-service-account";

    /// <summary>Every non-istiod reader of Secrets one cluster's releases create.</summary>
    public static IReadOnlyList<SecretReader> Readers(ClusterPlan cluster, string line)
    {
        var readers = new List<SecretReader>();
        foreach (var release in cluster.Releases)
        {
            var values = Effective(release, line);
            switch (release.Chart)
            {
                case "gateway" when Bool(values, "rbac", "enabled") == true:
                    var account = Str(values, "serviceAccount", "name") is { Length: > 0 } named ? named : release.ReleaseName;
                    readers.Add(new SecretReader(release.ReleaseName, account, release.Namespace, release.Namespace, "gateway templates/role.yaml"));
                    break;
                case "istiod" when Str(values, "global", "resourceScope") is "all" or "cluster" && (Bool(values, "global", "enableReaderRBAC") ?? true):
                    readers.Add(new SecretReader(release.ReleaseName, ReaderAccount, Str(values, "global", "istioNamespace") ?? "istio-system", null, "istio-discovery templates/reader-clusterrole.yaml"));
                    break;
            }
        }

        return readers;
    }

    /// <summary>Whether the base chart creates the reader service account the cluster role binds.</summary>
    public static bool CreatesReaderAccount(ClusterPlan cluster, string line) =>
        cluster.Releases.Where(r => r.Chart == "base").Select(r => Effective(r, line))
            .Any(v => Str(v, "global", "resourceScope") is "all" or "namespace" && (Bool(v, "global", "enableReaderRBAC") ?? true));

    /// <summary>The chart's default of one value at the line's tag, as values.yaml sets it.</summary>
    public static JsonNode? Default(string chart, string line, params string[] path) => At(Defaults(chart, line), path);

    private static JsonObject Effective(PlannedRelease release, string line)
    {
        var merged = Defaults(release.Chart, line);
        Merge(merged, ManifestJson.ToJson(release.Values, v => v.IsInteger ? 31443L : v.Placeholder)!.AsObject());
        return merged;
    }

    private static JsonObject Defaults(string chart, string line)
    {
        var file = (JsonObject)YamlJson.ParseDocuments(File.ReadAllText(SchemaData.PathOf($"{SchemaData.IstioFolderOf(line)}/charts/{chart}/values.yaml"))).Single()!;
        var defaults = (file["_internal_defaults_do_not_set"] as JsonObject)?.DeepClone().AsObject() ?? [];
        foreach (var (key, value) in file)
        {
            if (key != "_internal_defaults_do_not_set")
            {
                defaults[key] = value?.DeepClone();
            }
        }

        return defaults;
    }

    // Helm's merge of user values over chart defaults: maps merge key by key, anything else replaces.
    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject map && target[key] is JsonObject existing)
            {
                Merge(existing, map);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static JsonNode? At(JsonObject root, string[] path)
    {
        JsonNode? node = root;
        foreach (var segment in path)
        {
            node = (node as JsonObject)?[segment];
        }

        return node;
    }

    private static bool? Bool(JsonObject root, params string[] path) => At(root, path) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static string? Str(JsonObject root, params string[] path) => At(root, path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
