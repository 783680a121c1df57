using System.Buffers;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// Converts the YAML of a config value to the JSON the model parses, recording the position of every
/// value under its config path so validation errors can point at a line.
/// </summary>
public sealed partial class YamlJson
{
    /// <summary>A mesh config is a handful of levels deep; aliases can nest far deeper.</summary>
    public const int MaxDepth = 64;

    private const string MergeKey = "<<";

    private readonly YamlExpansion expansion;
    private readonly Dictionary<string, SourcePosition> positions;
    private readonly Dictionary<string, SourcePosition>? keyPositions;

    private YamlJson(YamlExpansion expansion, Dictionary<string, SourcePosition> positions, Dictionary<string, SourcePosition>? keyPositions)
    {
        this.expansion = expansion;
        this.positions = positions;
        this.keyPositions = keyPositions;
    }

    /// <exception cref="StackFileException">A value is encrypted, a key is not text, or the tree is absurdly large.</exception>
    public static JsonElement Convert(YamlNode node, string rootPath, string file, Dictionary<string, SourcePosition> positions) =>
        Convert(node, rootPath, new YamlExpansion(file), positions);

    /// <summary>
    /// As <see cref="Convert(YamlNode, string, string, Dictionary{string, SourcePosition})"/>, counting into
    /// <c>expansion</c>, what the rest of the file has expanded into so far: the limit holds for the file, not per value.
    /// <c>keyPositions</c>, when given, receives where each mapping key is written, by the path it names, so an
    /// error about a key (unknown, misspelt) points at the key rather than at its value.
    /// </summary>
    /// <exception cref="StackFileException">A value is encrypted, a key is not text, or the tree is absurdly large.</exception>
    public static JsonElement Convert(YamlNode node, string rootPath, YamlExpansion expansion, Dictionary<string, SourcePosition> positions, Dictionary<string, SourcePosition>? keyPositions = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            new YamlJson(expansion, positions, keyPositions).Write(writer, node, rootPath, 0);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Pulumi writes an encrypted config value as a mapping with the single key <c>secure</c>.</summary>
    public static bool IsSecure(YamlNode node) =>
        node is YamlMappingNode { Children.Count: 1 } map
        && map.Children.Keys.Single() is YamlScalarNode { Value: "secure" }
        && map.Children.Values.Single() is YamlScalarNode;

    public static SourcePosition PositionOf(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);

    private void Write(Utf8JsonWriter writer, YamlNode node, string path, int depth)
    {
        expansion.Count(node, path);
        if (depth > MaxDepth)
        {
            throw Fail(node, $"{path}: nested more than {MaxDepth} levels deep (through aliases or as written); a mesh config needs a handful");
        }

        positions.TryAdd(path, PositionOf(node));
        switch (node)
        {
            case YamlScalarNode scalar:
                // A value may be long and aliased many times: bound the text the aliases expand to as well.
                expansion.CountText(scalar, path);

                WriteScalar(writer, YamlScalarResolver.Resolve(scalar));
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    Write(writer, item, ConfigPath.Index(path, index++), depth + 1);
                }

                writer.WriteEndArray();
                break;
            case YamlMappingNode mapping when IsSecure(mapping) && SecretKubeconfigPath().IsMatch(path):
                // A cluster's kubeconfig may be a Pulumi secret: the model learns only that it is one
                // (and its ciphertext, to tell a diff it was set again), never its value.
                writer.WriteStartObject();
                writer.WriteString(Model.Config.SecretKubeconfigs.SecureKey, ((YamlScalarNode)mapping.Children.Values.Single()).Value);
                writer.WriteEndObject();
                break;
            case YamlMappingNode mapping when IsSecure(mapping):
                throw Fail(node, $"{path} is an encrypted (secure:) value; of the mesh config only clusters[].kubeconfig may be a secret, and the offline CLI never decrypts, so write it in plain text");
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (name, key, value) in Entries(mapping, path, depth))
                {
                    writer.WritePropertyName(name);
                    keyPositions?.TryAdd(ConfigPath.Join(path, name), PositionOf(key));
                    Write(writer, value, ConfigPath.Join(path, name), depth + 1);
                }

                writer.WriteEndObject();
                break;
            default:
                throw Fail(node, $"{path} holds a YAML node the config cannot use ({node.NodeType})");
        }
    }

    /// <summary>
    /// A mapping's entries with YAML merge keys applied, as Pulumi's YAML reader applies them:
    /// <c>&lt;&lt;: *defaults</c> (or a list of aliases) adds the keys of those mappings that the mapping
    /// does not set itself; of several, the first listed wins.
    /// </summary>
    private List<(string Name, YamlNode Key, YamlNode Value)> Entries(YamlMappingNode mapping, string path, int depth)
    {
        // A mapping can merge itself (<<: *a inside &a) or merge chains of merges: bounded like nesting.
        if (depth > MaxDepth)
        {
            throw Fail(mapping, $"{path}: merge keys (<<) nest more than {MaxDepth} levels deep, or a mapping merges itself");
        }

        var entries = new List<(string Name, YamlNode Key, YamlNode Value)>();
        var merges = new List<(YamlScalarNode Key, YamlNode Value)>();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } scalar)
            {
                throw Fail(key, $"{path} has a key that is not text; mesh config keys are plain names");
            }

            if (name == MergeKey && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain)
            {
                merges.Add((scalar, value));
            }
            else
            {
                entries.Add((name, key, value));
            }
        }

        var seen = entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in merges)
        {
            var sources = value switch
            {
                YamlMappingNode one => [one],
                YamlSequenceNode { Children: var items } when items.All(i => i is YamlMappingNode) => items.Cast<YamlMappingNode>().ToList(),
                _ => throw Fail(key, $"{path}: a merge key (<<) takes a mapping, usually an alias such as <<: *defaults, or a list of them"),
            };
            foreach (var source in sources)
            {
                foreach (var merged in Entries(source, path, depth + 1))
                {
                    // Merges of merges can repeat the same mapping many times: count them like any value.
                    expansion.Count(key, path);

                    if (seen.Add(merged.Name))
                    {
                        entries.Add(merged);
                    }
                }
            }
        }

        return entries;
    }

    private static void WriteScalar(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            default:
                writer.WriteStringValue((string)value);
                break;
        }
    }

    private StackFileException Fail(YamlNode node, string message) => expansion.Fail(node, message);

    [System.Text.RegularExpressions.GeneratedRegex(@"^mesh\.clusters\[[0-9]+\]\.kubeconfig$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SecretKubeconfigPath();
}
