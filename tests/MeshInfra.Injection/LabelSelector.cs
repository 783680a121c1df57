using MeshInfra.Model.Manifests;

namespace MeshInfra.Injection;

/// <summary>
/// A Kubernetes label selector as the API server evaluates a webhook's namespaceSelector and
/// objectSelector: every matchLabels pair and every expression must hold; NotIn and DoesNotExist
/// hold for an absent key, In and Exists do not; no selector at all matches everything.
/// </summary>
public sealed record LabelSelector(IReadOnlyList<SelectorRequirement> Requirements)
{
    public static readonly LabelSelector Everything = new([]);

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Holds(labels));

    /// <summary>Reads a selector from a rendered object (matchLabels and matchExpressions).</summary>
    public static LabelSelector From(ManifestNode? node)
    {
        if (node is not MapNode map)
        {
            return Everything;
        }

        var requirements = new List<SelectorRequirement>();
        if (map["matchLabels"] is MapNode labels)
        {
            requirements.AddRange(labels.Entries.Select(e => new SelectorRequirement(e.Key, "In", [Text(e.Value)])));
        }

        if (map["matchExpressions"] is ListNode expressions)
        {
            foreach (var expression in expressions.Items.Cast<MapNode>())
            {
                var values = expression["values"] is ListNode list ? list.Items.Select(Text).ToList() : [];
                requirements.Add(new SelectorRequirement(Text(expression["key"]), Text(expression["operator"]), values));
            }
        }

        return new LabelSelector(requirements);
    }

    private static string Text(ManifestNode? node) => node is ScalarNode { Value: string s } ? s : throw new InvalidDataException($"not a string: {node}");
}
