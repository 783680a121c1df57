using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MeshInfra.Model.Config;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Tests;

/// <summary>
/// The traffic model over what the Pulumi program declares (the inputs the mocks receive, gateway
/// addresses resolved from the mocked Services), not over the plan: the objects that reach the
/// program carry every request of the verify matrix where the config says.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class TrafficEngineTests
{
    [Fact]
    public async Task TheDeclaredObjectsCarryEveryRequestOfTheMatrix()
    {
        var run = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts);
        var (spec, model) = ModelOfDeclared(run, Configs.Seed, Configs.SeedFacts);
        var cases = MeshVerifier.Verify(spec, model);
        Assert.NotEmpty(cases);
        Assert.All(cases, c => Assert.True(c.Passed, $"{c.Request} ({c.Case}): {string.Join("; ", c.Problems)}"));

        var jason = model.Trace(new TraceRequest("cluster1", "default", "productpage-v1", "reviews", 9080, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("end-user", "jason")])));
        Assert.Empty(jason.Failures);
        Assert.Equal([("cluster2", "v2", 0.5), ("cluster2", "v3", 0.5)], jason.Shares.Select(s => (s.Cluster, s.Version, s.Share)));
    }

    [Fact]
    public async Task TheDeclaredObjectsOfAllAddressModesCarryTheMatrix()
    {
        var run = await EngineRun.StartAsync(Configs.ThreeModes, Configs.ThreeModesFacts);
        var (spec, model) = ModelOfDeclared(run, Configs.ThreeModes, Configs.ThreeModesFacts);
        Assert.All(MeshVerifier.Verify(spec, model), c => Assert.True(c.Passed, $"{c.Request} ({c.Case}): {string.Join("; ", c.Problems)}"));
    }

    [Fact]
    public async Task TheDeclaredObjectsOfAStaticStackCarryTheMatrix()
    {
        var run = await EngineRun.StartAsync(Configs.StaticSeed, Configs.SeedFacts);
        var (spec, model) = ModelOfDeclared(run, Configs.StaticSeed, Configs.SeedFacts);
        Assert.All(MeshVerifier.Verify(spec, model), c => Assert.True(c.Passed, $"{c.Request} ({c.Case}): {string.Join("; ", c.Problems)}"));
    }

    private static (MeshSpec Spec, TrafficModel Model) ModelOfDeclared(EngineRun run, string json, IReadOnlyDictionary<string, ClusterFacts> facts)
    {
        var plan = MeshPlanner.Plan(MeshConfigParser.Parse(JsonDocument.Parse(json).RootElement));
        var states = plan.Spec.Clusters.ToDictionary(c => c.Name, c => Declared(run, c), StringComparer.Ordinal);

        // Where the mocked clusters' gateway Services say the gateways are.
        string Resolve(DeferredValue value) => value switch
        {
            GatewayAddress a => facts[a.Cluster].LoadBalancerIp ?? facts[a.Cluster].LoadBalancerHostname!,
            GatewayNodePort p => facts[p.Cluster].NodePort.ToString(CultureInfo.InvariantCulture),
            GatewayClusterIp c => facts[c.Cluster].ClusterIp,
            _ => value.Placeholder,
        };

        var traffic = MeshTraffic.FromPlan(plan, Resolve, states);
        return (plan.Spec, traffic.Model(Resolve));
    }

    /// <summary>One cluster's declared resources as the documents a cluster would hold.</summary>
    private static ClusterState Declared(EngineRun run, ClusterSpec cluster)
    {
        var objects = ImmutableArray.CreateBuilder<MapNode>();
        var releases = ImmutableSortedDictionary.CreateBuilder<string, MapNode>(StringComparer.Ordinal);
        string? corefile = null;
        foreach (var resource in run.Mocks.Resources.Where(r => r.Name!.StartsWith(cluster.Name + "/", StringComparison.Ordinal)))
        {
            var inputs = resource.Inputs;
            switch (resource.Type)
            {
                case "kubernetes:helm.sh/v3:Release":
                    releases[(string)inputs["name"]] = inputs.TryGetValue("values", out var values) ? (MapNode)Node(values) : MapNode.Empty;
                    break;
                case "kubernetes:core/v1:ConfigMapPatch":
                    corefile = inputs.At("data", "Corefile") as string;
                    break;
                case "kubernetes:yaml/v2:ConfigGroup":
                    objects.AddRange(inputs.At("objs").Items().Select(o => (MapNode)Node(o)));
                    break;
                case "kubernetes:core/v1:Namespace" or "kubernetes:core/v1:NamespacePatch":
                    objects.Add(Document("v1", "Namespace", inputs));
                    break;
                case "kubernetes:core/v1:Service":
                    objects.Add(Document("v1", "Service", inputs));
                    break;
                case var type when type!.StartsWith("kubernetes:networking.istio.io/", StringComparison.Ordinal):
                    var parts = type.Split(':');
                    objects.Add(Document(parts[1], parts[2], inputs));
                    break;
            }
        }

        return new ClusterState(cluster.Name, cluster.Locality, objects.ToImmutable(), releases.ToImmutable(), corefile);
    }

    private static MapNode Document(string apiVersion, string kind, ImmutableDictionary<string, object> inputs) =>
        new([
            new MapEntry("apiVersion", apiVersion),
            new MapEntry("kind", kind),
            .. inputs.Where(i => i.Key is "metadata" or "spec").OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => new MapEntry(i.Key, Node(i.Value))),
        ]);

    /// <summary>A deserialized input (dictionaries, lists, strings, numbers, booleans) as a manifest tree.</summary>
    private static ManifestNode Node(object? value) => value switch
    {
        IDictionary<string, object> map => new MapNode([.. map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new MapEntry(e.Key, Node(e.Value)))]),
        string s => new ScalarNode(s),
        bool b => new ScalarNode(b),
        double d when d == Math.Floor(d) => new ScalarNode((long)d),
        double d => new ScalarNode(d),
        int i => new ScalarNode((long)i),
        long l => new ScalarNode(l),
        IList list => new ListNode([.. list.Cast<object?>().Select(Node)]),
        _ => new ScalarNode(""),
    };
}
