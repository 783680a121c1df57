using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>
/// One place in a stack file's YAML tree that holds a value (a mapping entry or a sequence item), with
/// the nodes above it, so a mutation can make an alias without making a cycle.
/// </summary>
internal sealed record YamlSite(YamlNode Container, YamlNode? Key, int Index, string Path, IReadOnlyList<YamlNode> Ancestors)
{
    /// <summary>A real stack is a few levels deep; below this, nested junk from an earlier mutation is one opaque value.</summary>
    private const int MaxDepth = 14;

    public YamlNode Value => Container is YamlMappingNode map ? map.Children[Key!] : ((YamlSequenceNode)Container).Children[Index];

    public void Set(YamlNode value)
    {
        if (Container is YamlMappingNode map)
        {
            map.Children[Key!] = value;
        }
        else
        {
            ((YamlSequenceNode)Container).Children[Index] = value;
        }
    }

    /// <summary>Every site under <paramref name="root"/>, parents before children, in document order.</summary>
    public static List<YamlSite> All(YamlMappingNode root)
    {
        var sites = new List<YamlSite>();
        var visiting = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        void Visit(YamlNode node, string path, IReadOnlyList<YamlNode> ancestors)
        {
            // An alias makes one node appear twice; its children are sites under the first path only.
            if (ancestors.Count > MaxDepth || !visiting.Add(node))
            {
                return;
            }

            IReadOnlyList<YamlNode> below = [.. ancestors, node];
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (key, value) in map.Children.ToList())
                    {
                        var site = new YamlSite(map, key, -1, path.Length == 0 ? $"{(key as YamlScalarNode)?.Value}" : $"{path}.{(key as YamlScalarNode)?.Value}", below);
                        sites.Add(site);
                        Visit(value, site.Path, below);
                    }

                    break;
                case YamlSequenceNode list:
                    for (var i = 0; i < list.Children.Count; i++)
                    {
                        var site = new YamlSite(list, null, i, $"{path}[{i}]", below);
                        sites.Add(site);
                        Visit(list.Children[i], site.Path, below);
                    }

                    break;
            }
        }

        Visit(root, "", []);
        return sites;
    }
}
