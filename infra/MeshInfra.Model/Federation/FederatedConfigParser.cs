using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MeshInfra.Model.Config;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Federation;

/// <summary>
/// Reads <c>mesh.federated</c>: Istio objects declared once, with a placement and per-cluster
/// overrides. Structure is checked here; each placed copy is checked against its CRD schema by
/// <see cref="FederationValidator"/> before anything is declared.
/// </summary>
internal static class FederatedConfigParser
{
    private const int MaxDepth = 32;

    public static ImmutableArray<FederatedObjectSpec> Parse(ConfigReader r, JsonElement config, ImmutableArray<ClusterSpec> clusters)
    {
        var result = new List<FederatedObjectSpec>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (item, path) in r.Array(config, "federated", MeshConfigParser.Root))
        {
            if (!r.IsObject(item, path))
            {
                continue;
            }

            r.RejectUnknownKeys(item, path, "kind", "name", "namespace", "labels", "placement", "spec", "overrides");
            var kind = r.OneOf(item, "kind", path, [.. FederatedObjectSpec.Kinds.Keys]);
            if (kind is null && !ConfigReader.TryGet(item, "kind", out _))
            {
                r.Error($"{path}.kind", $"is required (one of {string.Join(", ", FederatedObjectSpec.Kinds.Keys)})");
            }

            var name = r.String(item, "name", path, required: true);
            var ns = r.String(item, "namespace", path, required: true);
            if (name is not null && !Names.IsDnsSubdomain(name))
            {
                r.Error($"{path}.name", $"'{ConfigReader.Clip(name)}' is not a valid object name (lowercase letters, digits, '-' and '.', at most 253 characters)");
            }

            if (ns is not null && !Names.IsDns1123Label(ns))
            {
                r.Error($"{path}.namespace", $"'{ConfigReader.Clip(ns)}' is not a valid name ({Names.Dns1123LabelRule})");
            }

            if (kind is not null && name is not null && ns is not null && !seen.TryAdd($"{kind}/{ns}/{name}", path))
            {
                r.Error($"{path}.name", $"{kind} {ns}/{name} is already declared at {seen[$"{kind}/{ns}/{name}"]}; merge the two entries");
            }

            var labels = ParseLabels(r, item, path);
            var placement = ParsePlacement(r, item, $"{path}.placement", clusters);
            MapNode? spec = null;
            if (!ConfigReader.TryGet(item, "spec", out var specJson))
            {
                r.Error($"{path}.spec", "is required: the object's spec, as in its Istio CRD");
            }
            else if (r.IsObject(specJson, $"{path}.spec"))
            {
                spec = ToNode(r, specJson, $"{path}.spec", 0) as MapNode;
            }

            var overrides = ParseOverrides(r, item, path, clusters, placement);
            if (kind is not null && name is not null && ns is not null && placement is not null && spec is not null)
            {
                result.Add(new FederatedObjectSpec(path, FederatedObjectSpec.Kinds[kind], kind, name, ns, placement, labels, spec, overrides));
            }
        }

        return [.. result];
    }

    private static ImmutableSortedDictionary<string, string> ParseLabels(ConfigReader r, JsonElement item, string path)
    {
        var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value, at) in r.Map(item, "labels", path))
        {
            if (value.ValueKind != JsonValueKind.String || !Names.IsLabelKey(key) || !Names.IsLabelValue(value.GetString()!))
            {
                r.Error(at, "labels need a valid key and a string value of at most 63 letters, digits, '-', '_' or '.'");
                continue;
            }

            labels[key] = value.GetString()!;
        }

        return labels.ToImmutable();
    }

    private static FederationPlacement? ParsePlacement(ConfigReader r, JsonElement item, string path, ImmutableArray<ClusterSpec> clusters)
    {
        const string Fix = "give 'all', {clusters: [names]} or {labels: {key: value}}";
        if (!ConfigReader.TryGet(item, "placement", out var placement))
        {
            r.Error(path, $"is required: {Fix}");
            return null;
        }

        FederationPlacement? result = null;
        var unknownCluster = false;
        if (placement.ValueKind == JsonValueKind.String)
        {
            if (placement.GetString() == "all")
            {
                result = new FederationPlacement(true, [], ImmutableSortedDictionary<string, string>.Empty);
            }
            else
            {
                r.Error(path, $"'{ConfigReader.Clip(placement.GetString()!)}' is not a placement; {Fix}");
                return null;
            }
        }
        else if (r.IsObject(placement, path))
        {
            r.RejectUnknownKeys(placement, path, "clusters", "labels");
            var hasClusters = ConfigReader.TryGet(placement, "clusters", out _);
            var hasLabels = ConfigReader.TryGet(placement, "labels", out _);
            if (hasClusters == hasLabels)
            {
                r.Error(path, $"give exactly one of 'clusters' or 'labels'; {Fix}");
                return null;
            }

            if (hasClusters)
            {
                var names = r.StringList(placement, "clusters", path);
                for (var i = 0; i < names.Count; i++)
                {
                    if (!clusters.Any(c => c.Name == names[i]))
                    {
                        unknownCluster = true;
                        r.UnknownCluster($"{path}.clusters[{i}]", names[i], clusters.Select(c => c.Name));
                    }
                }

                result = new FederationPlacement(false, [.. names.Distinct(StringComparer.Ordinal)], ImmutableSortedDictionary<string, string>.Empty);
            }
            else
            {
                var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
                foreach (var (key, value, at) in r.Map(placement, "labels", path))
                {
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        r.Error(at, $"expected a label value, got {ConfigReader.Describe(value)}");
                        continue;
                    }

                    labels[key] = value.GetString()!;
                }

                result = new FederationPlacement(false, [], labels.ToImmutable());
                if (labels.Count == 0)
                {
                    r.Error($"{path}.labels", "must name at least one cluster label, e.g. region: us-west1");
                    return null;
                }
            }
        }

        // An unknown cluster name has been reported already; "selects nothing" would say it twice.
        if (result is not null && !unknownCluster && clusters.Length > 0 && !clusters.Any(result.Selects))
        {
            r.Error(path, $"selects no cluster of this mesh ({result}); check the cluster names or the clusters' labels");
        }

        return result;
    }

    private static ImmutableSortedDictionary<string, ImmutableArray<FieldOverride>> ParseOverrides(
        ConfigReader r, JsonElement item, string path, ImmutableArray<ClusterSpec> clusters, FederationPlacement? placement)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<FieldOverride>>(StringComparer.Ordinal);
        foreach (var (cluster, fields, at) in r.Map(item, "overrides", path))
        {
            var spec = clusters.FirstOrDefault(c => c.Name == cluster);
            if (spec is null)
            {
                r.UnknownCluster(at, cluster, clusters.Select(c => c.Name));
                continue;
            }

            if (placement is not null && !placement.Selects(spec))
            {
                r.Error(at, $"cluster '{cluster}' gets no copy ({placement} are placed); remove the override or widen the placement");
                continue;
            }

            if (!r.IsObject(fields, at))
            {
                continue;
            }

            var list = new List<FieldOverride>();
            foreach (var field in fields.EnumerateObject())
            {
                var fieldPath = ConfigReader.Join(at, field.Name);
                var segments = ParsePath(field.Name);
                if (segments is null)
                {
                    r.Error(fieldPath, "is not a field path such as spec.servers[0].hosts[0] (it must start with 'spec.')");
                    continue;
                }

                if (field.Value.ValueKind == JsonValueKind.Null)
                {
                    r.Error(fieldPath, "null is not an override; give the value this cluster's copy should have");
                    continue;
                }

                if (ToNode(r, field.Value, fieldPath, 0) is { } value)
                {
                    list.Add(new FieldOverride(field.Name, segments.Value, value));
                }
            }

            result[cluster] = [.. list];
        }

        return result.ToImmutable();
    }

    /// <summary>Parses <c>spec.a.b[2].c</c> into ["a", "b", 2, "c"] (below spec), or null when malformed.</summary>
    internal static ImmutableArray<object>? ParsePath(string text)
    {
        if (!text.StartsWith("spec.", StringComparison.Ordinal) || text.Length > 512)
        {
            return null;
        }

        var segments = new List<object>();
        foreach (var part in text["spec.".Length..].Split('.'))
        {
            var name = part;
            var indexes = new List<int>();
            while (name.EndsWith(']'))
            {
                var open = name.LastIndexOf('[');
                if (open < 0 || !int.TryParse(name[(open + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > 10_000)
                {
                    return null;
                }

                indexes.Insert(0, index);
                name = name[..open];
            }

            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return null;
            }

            segments.Add(name);
            segments.AddRange(indexes.Cast<object>());
        }

        return [.. segments];
    }

    /// <summary>Copies a JSON value into a manifest tree; nulls are refused (an absent key says "unset" in Kubernetes).</summary>
    private static ManifestNode? ToNode(ConfigReader r, JsonElement value, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            r.Error(path, $"nests deeper than {MaxDepth} levels");
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                // Line breaks and tabs survive YAML and a quoted diff; other controls would restyle a terminal.
                if (ConfigTextSafety.ControlProblem(value.GetString()!, allowLineBreaks: true) is { } problem)
                {
                    r.Error(path, problem);
                    return null;
                }

                return new ScalarNode(value.GetString()!);
            case JsonValueKind.True or JsonValueKind.False:
                return new ScalarNode(value.GetBoolean());
            case JsonValueKind.Number when value.TryGetInt64(out var whole):
                return new ScalarNode(whole);
            case JsonValueKind.Number when value.TryGetDouble(out var real) && double.IsFinite(real):
                return new ScalarNode(real);
            case JsonValueKind.Array:
                var items = new List<ManifestNode>();
                var i = 0;
                foreach (var element in value.EnumerateArray())
                {
                    if (ToNode(r, element, $"{path}[{i++}]", depth + 1) is { } node)
                    {
                        items.Add(node);
                    }
                }

                return new ListNode([.. items]);
            case JsonValueKind.Object:
                var entries = new List<MapEntry>();
                foreach (var property in value.EnumerateObject())
                {
                    if (ConfigTextSafety.ControlProblem(property.Name) is { } keyProblem)
                    {
                        r.Error(ConfigReader.Join(path, property.Name), "the key " + keyProblem);
                    }
                    else if (entries.Any(e => e.Key == property.Name))
                    {
                        r.Error(ConfigReader.Join(path, property.Name), "is given twice");
                    }
                    else if (ToNode(r, property.Value, ConfigReader.Join(path, property.Name), depth + 1) is { } node)
                    {
                        entries.Add(new MapEntry(property.Name, node));
                    }
                }

                return new MapNode([.. entries]);
            case JsonValueKind.Null:
                r.Error(path, "null is not allowed here; leave the key out instead");
                return null;
            default:
                r.Error(path, $"unsupported value {ConfigReader.Describe(value)}");
                return null;
        }
    }
}
