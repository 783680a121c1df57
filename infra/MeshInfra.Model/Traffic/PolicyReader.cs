using System.Collections.Immutable;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>Reads the Sidecar and AuthorizationPolicy objects the traffic model follows.</summary>
internal static class PolicyReader
{
    /// <summary>Fields of an AuthorizationPolicy rule the model evaluates; any other field is named as not evaluated.</summary>
    private static readonly string[] SourceFields = ["principals", "notPrincipals", "namespaces", "notNamespaces"];
    private static readonly string[] OperationFields = ["paths", "notPaths", "methods", "notMethods", "ports", "notPorts"];

    public static SidecarView Sidecar(MapNode spec, ObjectRef source, DocReader read) =>
        new(
            source.Namespace ?? "default",
            read.StringMap(spec.At("workloadSelector", "labels")),
            [.. DocReader.Items(spec["egress"]).OfType<MapNode>().Select(e => new SidecarEgressListener(read.Int(e.At("port", "number")), read.Strings(e["hosts"])))],
            read.Str(spec.At("outboundTrafficPolicy", "mode")),
            source);

    public static AuthorizationPolicyView AuthorizationPolicy(MapNode doc, MapNode spec, ObjectRef source, DocReader read)
    {
        var rules = ImmutableArray.CreateBuilder<AuthzRule>();
        foreach (var rule in DocReader.Items(spec["rules"]).OfType<MapNode>())
        {
            var unmodelled = new SortedSet<string>(StringComparer.Ordinal);
            if (rule["when"] is not null)
            {
                unmodelled.Add("when");
            }

            var from = DocReader.Items(rule["from"]).OfType<MapNode>().Select(f => f["source"] as MapNode ?? MapNode.Empty).Select(s =>
            {
                unmodelled.UnionWith(s.Entries.Select(e => e.Key).Where(k => !SourceFields.Contains(k)).Select(k => $"source.{k}"));
                return new AuthzSource(read.Strings(s["principals"]), read.Strings(s["notPrincipals"]), read.Strings(s["namespaces"]), read.Strings(s["notNamespaces"]));
            }).ToImmutableArray();
            var to = DocReader.Items(rule["to"]).OfType<MapNode>().Select(t => t["operation"] as MapNode ?? MapNode.Empty).Select(o =>
            {
                unmodelled.UnionWith(o.Entries.Select(e => e.Key).Where(k => !OperationFields.Contains(k)).Select(k => $"operation.{k}"));
                return new AuthzOperation(read.Strings(o["paths"]), read.Strings(o["notPaths"]), read.Strings(o["methods"]), read.Strings(o["notMethods"]), read.Strings(o["ports"]), read.Strings(o["notPorts"]));
            }).ToImmutableArray();
            rules.Add(new AuthzRule(from, to, [.. unmodelled]));
        }

        return new AuthorizationPolicyView(
            source.Namespace ?? "default",
            read.StringMap(spec.At("selector", "matchLabels")),
            read.Str(spec["action"]) ?? "ALLOW",
            rules.ToImmutable(),
            spec["targetRef"] is not null || spec["targetRefs"] is not null,
            read.Str(doc.At("metadata", "annotations", "istio.io/dry-run")) == "true",
            source);
    }
}
