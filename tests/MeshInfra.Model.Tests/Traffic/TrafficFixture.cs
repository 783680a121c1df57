using System.Collections.Immutable;
using MeshInfra.Model.Config;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>The traffic model over a stack config's planned objects, deferred values as placeholders.</summary>
internal static class TrafficFixture
{
    public static string Placeholder(DeferredValue value) => value.Placeholder;

    public static (MeshSpec Spec, MeshTraffic Traffic, TrafficModel Model) For(string json, Func<ClusterState, ClusterState>? edit = null)
    {
        var plan = Configs.Plan(json);
        var traffic = MeshTraffic.FromPlan(plan, Placeholder);
        if (edit is not null)
        {
            traffic = traffic with { Clusters = [.. traffic.Clusters.Select(edit)] };
        }

        return (plan.Spec, traffic, traffic.Model(Placeholder));
    }

    public static TraceRequest Request(string from, string host, int port, params (string Name, string Value)[] headers)
    {
        var parts = from.Split('/');
        return new TraceRequest(parts[0], parts[1], parts[2], host, port, headers.ToImmutableSortedDictionary(h => h.Name, h => h.Value, StringComparer.Ordinal));
    }

    /// <summary>Replaces the documents of one kind and name in a cluster (what a user's kubectl edit would do).</summary>
    public static ClusterState Replace(ClusterState state, string kind, string name, Func<MapNode, MapNode> change) =>
        state with
        {
            Objects = [.. state.Objects.Select(o => (o["kind"] as ScalarNode)?.Value as string == kind && (o.At("metadata", "name") as ScalarNode)?.Value as string == name ? change(o) : o)],
        };

    /// <summary>A copy of a map with one key set (added at the end when absent).</summary>
    public static MapNode With(MapNode map, string key, ManifestNode value) =>
        map[key] is null
            ? new MapNode(map.Entries.Add(new MapEntry(key, value)))
            : new MapNode([.. map.Entries.Select(e => e.Key == key ? new MapEntry(key, value) : e)]);

    public static string Shares(TraceResult result) => result.SharesText;
}
