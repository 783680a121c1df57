using System.Collections.Immutable;

namespace MeshInfra.Model.Manifests;

/// <summary>Typed builders for the core/v1 and apps/v1 objects MeshInfra declares.</summary>
public static class CoreObjects
{
    public static KubeObject Namespace(string name, IEnumerable<KeyValuePair<string, string>> labels)
    {
        var meta = ObjectMeta.Named(name);
        foreach (var (key, value) in labels)
        {
            meta = meta.WithLabel(key, value);
        }

        return new KubeObject("v1", "Namespace", meta, MapNode.Empty);
    }

    /// <summary>An Opaque Secret whose string data may be deferred (generated at deploy time).</summary>
    public static KubeObject Secret(ObjectMeta meta, IEnumerable<(string Key, ManifestNode Value)> stringData) =>
        new("v1", "Secret", meta, MapNode.Of(
            ("type", "Opaque"),
            ("stringData", new MapNode(stringData.Select(d => new MapEntry(d.Key, d.Value)).ToImmutableArray()))));

    public static KubeObject ServiceAccount(ObjectMeta meta) => new("v1", "ServiceAccount", meta, MapNode.Empty);

    public static KubeObject Service(ObjectMeta meta, IReadOnlyDictionary<string, string> selector, IEnumerable<ContainerServicePort> ports) =>
        new("v1", "Service", meta, MapNode.Of(("spec", MapNode.Of(
            ("ports", ListNode.From(ports.Select(p => (ManifestNode)MapNode.Of(
                ("name", p.Name),
                ("port", p.Port),
                ("targetPort", p.TargetPort == p.Port ? null : p.TargetPort))))),
            ("selector", MapNode.OfStrings(selector))))));

    public static KubeObject Deployment(ObjectMeta meta, IReadOnlyDictionary<string, string> podLabels, string serviceAccount, MapNode container, ListNode? volumes = null, long? terminationGraceSeconds = null) =>
        new("apps/v1", "Deployment", meta, MapNode.Of(("spec", MapNode.Of(
            ("replicas", 1),
            ("selector", MapNode.Of(("matchLabels", MapNode.OfStrings(podLabels)))),
            ("template", MapNode.Of(
                ("metadata", MapNode.Of(("labels", MapNode.OfStrings(podLabels)))),
                ("spec", MapNode.Of(
                    ("terminationGracePeriodSeconds", terminationGraceSeconds is { } t ? t : null),
                    ("serviceAccountName", serviceAccount),
                    ("containers", ListNode.Of(container)),
                    ("volumes", volumes)))))))));
}
