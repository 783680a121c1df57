using System.Text;
using MeshInfra.Cli.Rendering;
using MeshInfra.Model.Dns;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using YamlDotNet.Serialization;

namespace MeshInfra.Benchmarks;

/// <summary>
/// The yardstick for render time: the same documents the render writes, already converted to plain
/// dictionaries, lists and scalars (conversion not timed), serialized by YamlDotNet's own Serializer
/// one document at a time, as the render writes one file at a time. CA descriptions (one per cluster
/// plus the root, a few hundred bytes each) are left out; they are well under 0.1% of the bytes.
/// A second yardstick, <see cref="EmitEach"/>, runs the render's own emitter over every Kubernetes
/// object and Helm values tree, one document each, without sharing the text of objects that
/// clusters share: what the render would cost if it wrote every file from scratch.
/// </summary>
internal static class YamlBaseline
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithIndentedSequences()
        .WithNewLine("\n")
        .Build();

    public static List<object> Documents(MeshPlan plan, DeferredValueResolver values)
    {
        object Resolve(DeferredValue value) => values.Resolve(value).Value;
        var documents = new List<object>();
        foreach (var resource in plan.Clusters.SelectMany(c => c.Resources))
        {
            switch (resource)
            {
                case PlannedObject o:
                    documents.Add(Plain(o.Object.ToNode(), Resolve));
                    break;
                case PlannedRelease r:
                    documents.Add(Plain(r.Values, Resolve));
                    documents.Add(new Dictionary<string, object>
                    {
                        ["release"] = r.ReleaseName,
                        ["chart"] = r.Chart,
                        ["version"] = r.Version,
                        ["repository"] = r.Repository,
                        ["namespace"] = r.Namespace,
                        ["values"] = r.ReleaseName + ".values.yaml",
                    });
                    break;
                case PlannedDnsChange d:
                    documents.Add(new Dictionary<string, object>
                    {
                        ["configMap"] = new Dictionary<string, object> { ["namespace"] = "kube-system", ["name"] = d.ConfigMapName, ["key"] = d.DataKey },
                        ["serverBlock"] = CorefileEditor.RenderServerBlock(d.Block),
                    });
                    break;
            }
        }

        return documents;
    }

    /// <summary>Serializes every document; returns the total UTF-8 size so the work cannot be optimised away.</summary>
    public static long Serialize(List<object> documents)
    {
        long bytes = 0;
        foreach (var document in documents)
        {
            bytes += Encoding.UTF8.GetByteCount(Serializer.Serialize(document));
        }

        return bytes;
    }

    /// <summary>ManifestYaml over every object and values tree of the plan; returns the UTF-8 size.</summary>
    public static long EmitEach(MeshPlan plan, DeferredValueResolver values)
    {
        long bytes = 0;
        foreach (var resource in plan.Clusters.SelectMany(c => c.Resources))
        {
            var text = resource switch
            {
                PlannedObject o => ManifestYaml.Write(o.Object.ToNode(), values.Resolve),
                PlannedRelease r => ManifestYaml.Write(r.Values, values.Resolve),
                _ => "",
            };
            bytes += Encoding.UTF8.GetByteCount(text);
        }

        return bytes;
    }

    private static object Plain(ManifestNode node, Func<DeferredValue, object> resolve) => node switch
    {
        ScalarNode scalar => scalar.Value,
        DeferredNode deferred => resolve(deferred.Value),
        MapNode map => map.Entries.ToDictionary(e => e.Key, e => Plain(e.Value, resolve), StringComparer.Ordinal),
        ListNode list => list.Items.Select(i => Plain(i, resolve)).ToList(),
        _ => throw new InvalidOperationException($"Unknown manifest node {node.GetType().Name}."),
    };
}
