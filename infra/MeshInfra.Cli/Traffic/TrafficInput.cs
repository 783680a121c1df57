using System.Collections.Immutable;
using System.Text.RegularExpressions;
using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Traffic;

/// <summary>
/// The traffic model's input for trace and verify: the stack's plan as each cluster would hold it,
/// or the documents of a render folder (`--objects DIR`: one folder per cluster, as `render` writes
/// them), with the stack's assumptions either way.
/// </summary>
public static partial class TrafficInput
{
    public static (MeshTraffic Traffic, TrafficModel Model) Load(LoadedStack stack, DeferredValueResolver values, string? objectsDir, IReadOnlyList<string>? clientLocalities = null, IReadOnlyList<string>? down = null, IReadOnlyList<string>? resolves = null)
    {
        string Resolve(Model.Planning.DeferredValue v) => values.Resolve(v).Value.ToString()!;
        var localities = ClientLocalities(stack, clientLocalities ?? []);
        var (downClusters, names) = Failover(stack, down ?? [], resolves ?? []);
        var objects = objectsDir is null ? null : ReadFolder(objectsDir, stack);
        var traffic = MeshTraffic.FromPlan(stack.Plan, Resolve, objects).WithClientLocalities(localities);
        if (downClusters.Count > 0 || names.Count > 0)
        {
            traffic = traffic.WithFailover(downClusters, names);
        }

        return (traffic, traffic.Model(Resolve));
    }

    /// <summary>Every --client-locality, checked at once: one line per bad value, exit 2.</summary>
    private static List<ClientLocality> ClientLocalities(LoadedStack stack, IReadOnlyList<string> given)
    {
        var clusters = stack.Spec.Clusters.Select(c => c.Name).ToList();
        var parsed = new List<ClientLocality>();
        var errors = new List<string>();
        foreach (var text in given)
        {
            try
            {
                parsed.Add(ClientLocality.Parse(text, clusters));
            }
            catch (ArgumentException e)
            {
                errors.Add(e.Message);
            }
        }

        return errors.Count > 0 ? throw new InputException(errors) : parsed;
    }

    /// <summary>Every --down and --resolves, checked at once: one line per bad value, exit 2.</summary>
    private static (List<string> Down, List<ResolvedName> Resolves) Failover(LoadedStack stack, IReadOnlyList<string> down, IReadOnlyList<string> resolves)
    {
        var clusters = stack.Spec.Clusters.Select(c => c.Name).ToList();
        var errors = new List<string>();
        foreach (var name in down.Where(d => !clusters.Contains(d, StringComparer.Ordinal)))
        {
            errors.Add($"--down '{(name.Length > 80 ? name[..80] + "…" : name)}': no cluster by that name in the stack (clusters: {string.Join(", ", clusters)})");
        }

        if (errors.Count == 0 && down.Distinct(StringComparer.Ordinal).Count() == clusters.Count)
        {
            errors.Add($"--down: every cluster of the stack is down; leave at least one up to trace from");
        }

        var parsed = new List<ResolvedName>();
        foreach (var text in resolves)
        {
            try
            {
                parsed.Add(ResolvedName.Parse(text));
            }
            catch (ArgumentException e)
            {
                errors.Add(e.Message);
            }
        }

        return errors.Count > 0 ? throw new InputException(errors) : ([.. down.Distinct(StringComparer.Ordinal)], parsed);
    }

    private static Dictionary<string, ClusterState> ReadFolder(string dir, LoadedStack stack)
    {
        if (!Directory.Exists(dir))
        {
            throw new InputException([$"--objects {dir}: no such folder; give a folder `meshinfra render --out` wrote (one folder per cluster)"]);
        }

        var states = new Dictionary<string, ClusterState>(StringComparer.Ordinal);
        foreach (var cluster in stack.Spec.Clusters)
        {
            var folder = Path.Combine(dir, cluster.Name);
            if (!Directory.Exists(folder))
            {
                throw new InputException([$"--objects {dir}: no folder for cluster '{cluster.Name}'; render the same stack into it"]);
            }

            // The kubectl layout spreads a cluster over subfolders and drops what the model needs (Helm values'
            // names, the Corefile edit as data); reading only its top level would trace an empty cluster.
            if (File.Exists(Path.Combine(folder, KubectlRenderer.Script)) && Directory.Exists(Path.Combine(folder, KubectlRenderer.Manifests)))
            {
                throw new InputException([$"--objects {dir}: a render made with --layout kubectl; give a folder rendered without --layout (the default layout)"]);
            }

            var documents = ImmutableArray.CreateBuilder<MapNode>();
            var releases = ImmutableSortedDictionary.CreateBuilder<string, MapNode>(StringComparer.Ordinal);
            var releaseNamespaces = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            string? corefile = null;
            foreach (var file in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                // The same bounded path as a stack file: size, UTF-8, nesting, value length and aliases
                // are limited, and every problem is one exit-2 line with its position.
                YamlStream yaml;
                using (var text = StackFileBytes.Open(file))
                {
                    yaml = BoundedYaml.Load(file, text);
                }

                // One count for the file: aliases spread over many documents expand as surely as in one.
                var expansion = new YamlExpansion(file);
                foreach (var document in yaml.Documents.Where(d => d.RootNode is YamlMappingNode))
                {
                    var node = ManifestJson.FromJson(YamlJson.Convert(document.RootNode, name, expansion, [])) ?? MapNode.Empty;
                    if (ValuesFile().Match(name) is { Success: true } values)
                    {
                        releases[values.Groups[1].Value] = (MapNode)node;
                    }
                    else if (ReleaseFile().IsMatch(name) && node is MapNode release
                        && (release["release"] as ScalarNode)?.Value is string releaseName
                        && (release["namespace"] as ScalarNode)?.Value is string releaseNamespace)
                    {
                        // Where the release runs: a gateway sees the DestinationRules of its own namespace.
                        releaseNamespaces[releaseName] = releaseNamespace;
                    }
                    else if ((name.Contains("corefile", StringComparison.Ordinal) || name.Contains("coredns", StringComparison.Ordinal)) && ((MapNode)node)["serverBlock"] is not null)
                    {
                        corefile = (((MapNode)node)["serverBlock"] as ScalarNode)?.Value as string ?? corefile;
                    }
                    else if (node is MapNode map && map["kind"] is not null && map["apiVersion"] is not null)
                    {
                        documents.Add(map);
                    }
                }
            }

            states[cluster.Name] = new ClusterState(cluster.Name, cluster.Locality, documents.ToImmutable(), releases.ToImmutable(), corefile)
            {
                ReleaseNamespaces = releaseNamespaces.ToImmutable(),
            };
        }

        return states;
    }

    [GeneratedRegex(@"helm-(.+)\.values\.yaml$", RegexOptions.CultureInvariant)]
    private static partial Regex ValuesFile();

    [GeneratedRegex(@"helm-(.+)\.release\.yaml$", RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseFile();
}
