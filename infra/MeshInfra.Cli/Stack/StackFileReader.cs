using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// Reads <c>Pulumi.&lt;stack&gt;.yaml</c> offline: YAML, then <c>config</c>, then <c>&lt;project&gt;:mesh</c>, the
/// project named by the Pulumi.yaml beside it. Secret values are noted by key and never read; the CLI
/// needs none of them.
/// </summary>
public static class StackFileReader
{
    /// <exception cref="StackFileException">The file is missing, unreadable, malformed, or has no mesh.</exception>
    public static StackFile Read(string path)
    {
        var project = StackProject.NameBeside(path);
        var meshKey = (project ?? "<project>") + ":mesh";
        YamlNode root;
        using (var text = StackFileBytes.Open(path))
        {
            root = ParseYaml(path, text, meshKey);
        }

        if (root is not YamlMappingNode top)
        {
            throw new StackFileException($"{path}:{YamlJson.PositionOf(root)}: expected a Pulumi stack file (a mapping with a config: section), found {Describe(root)}");
        }

        if (!top.Children.TryGetValue(new YamlScalarNode("config"), out var configNode) || configNode is YamlScalarNode { Value: "" or null })
        {
            throw new StackFileException($"{path}: has no config: section; a MeshInfra stack file sets {meshKey} under config:");
        }

        if (configNode is not YamlMappingNode config)
        {
            throw new StackFileException($"{path}:{YamlJson.PositionOf(configNode)}: config: must be a mapping of config keys, found {Describe(configNode)}");
        }

        var positions = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        var keys = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        var secrets = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var keyNode in config.Children.Keys)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                throw new StackFileException($"{path}:{YamlJson.PositionOf(keyNode)}: config keys must be text such as {meshKey}");
            }

            keys.Add(key);
            positions.TryAdd(key, YamlJson.PositionOf(keyNode));
        }

        project ??= ProjectFromKeys(path, config, keys);
        meshKey = project + ":mesh";
        if (!config.Children.TryGetValue(new YamlScalarNode(meshKey), out var mesh))
        {
            var hint = keys.FirstOrDefault(k => k == "mesh" || k.EndsWith(":mesh", StringComparison.Ordinal)) is { } near
                ? $" (found '{near}'; the key is namespaced by the project name, '{project}' in the Pulumi.yaml beside this file)"
                : "";
            throw new StackFileException($"{path}:{YamlJson.PositionOf(config)}: config: has no {meshKey} key{hint}");
        }

        // One count for the whole file: aliases under another project's key expand as surely as the mesh's.
        // (YamlNode has no == operator: compare keys by value, or the mesh is walked here too.)
        var expansion = new YamlExpansion(path);
        foreach (var (keyNode, value) in config.Children.Where(c => !c.Key.Equals(new YamlScalarNode(meshKey))))
        {
            CollectSecrets(value, ((YamlScalarNode)keyNode).Value!, secrets, expansion, 0);
        }

        var keyPositions = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        var json = YamlJson.Convert(mesh, Model.Config.MeshConfigParser.Root, expansion, positions, keyPositions);
        var rootCertificate = config.Children.TryGetValue(new YamlScalarNode($"{project}:{Model.Config.TrustSpec.ProvidedRootCertKey}"), out var certNode) && certNode is YamlScalarNode { Value: { } pem } ? pem : null;
        var plainCertificates = config.Children
            .Where(c => c.Key is YamlScalarNode { Value: { } k } && k.StartsWith(project + ":", StringComparison.Ordinal) && Model.Config.TrustSpec.IsPublicCertificateKey(k[(project.Length + 1)..]) && c.Value is YamlScalarNode { Value: not null })
            .ToImmutableSortedDictionary(c => ((YamlScalarNode)c.Key).Value![(project.Length + 1)..], c => ((YamlScalarNode)c.Value).Value!, StringComparer.Ordinal);
        return new StackFile(path, project, json, keys.ToImmutable(), secrets.ToImmutable(), positions.ToImmutableDictionary(StringComparer.Ordinal))
        {
            PlainRootCertificate = rootCertificate,
            PlainCertificates = plainCertificates,
            KeyPositions = keyPositions.ToImmutableDictionary(StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Without a Pulumi.yaml beside the stack file (a copy checked on its own), the project is the one
    /// its single <c>&lt;project&gt;:mesh</c> key names; with none or several, nothing says which to read.
    /// </summary>
    private static string ProjectFromKeys(string path, YamlMappingNode config, ImmutableSortedSet<string>.Builder keys)
    {
        var meshKeys = keys.Where(k => k.EndsWith(":mesh", StringComparison.Ordinal) && k.Length > 5).ToList();
        return meshKeys.Count switch
        {
            1 => meshKeys[0][..^5],
            0 => throw new StackFileException($"{path}:{YamlJson.PositionOf(config)}: config: has no <project>:mesh key{(keys.Contains("mesh") ? " (found 'mesh'; the key is namespaced by the project name in Pulumi.yaml)" : "")}"),
            _ => throw new StackFileException($"{path}:{YamlJson.PositionOf(config)}: config: has several <project>:mesh keys ({string.Join(", ", meshKeys)}) and no Pulumi.yaml beside it says which project this stack belongs to; put the stack file beside its Pulumi.yaml"),
        };
    }

    private static YamlNode ParseYaml(string path, TextReader text, string meshKey)
    {
        var stream = BoundedYaml.Load(path, text);
        return stream.Documents.Count switch
        {
            0 => throw new StackFileException($"{path}: is empty; a MeshInfra stack file sets {meshKey} under config:"),
            > 1 => throw new StackFileException($"{path}:{YamlJson.PositionOf(stream.Documents[1].RootNode)}: holds several YAML documents; a stack file is one"),
            _ => stream.Documents[0].RootNode,
        };
    }

    private static void CollectSecrets(YamlNode node, string path, ImmutableSortedSet<string>.Builder secrets, YamlExpansion expansion, int depth)
    {
        expansion.Count(node, path);
        if (depth > YamlJson.MaxDepth)
        {
            throw expansion.Fail(node, $"{path}: nested more than {YamlJson.MaxDepth} levels deep (through aliases or as written); a config value needs a handful");
        }

        if (YamlJson.IsSecure(node))
        {
            secrets.Add(path);
            return;
        }

        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    CollectSecrets(value, ConfigPath.Join(path, (key as YamlScalarNode)?.Value ?? "?"), secrets, expansion, depth + 1);
                }

                break;
            case YamlSequenceNode list:
                for (var i = 0; i < list.Children.Count; i++)
                {
                    CollectSecrets(list.Children[i], ConfigPath.Index(path, i), secrets, expansion, depth + 1);
                }

                break;
        }
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode => "a single value",
        YamlSequenceNode => "a list",
        _ => "a mapping",
    };

    // Some of YamlDotNet's messages repeat the marks we already print in front.
}
