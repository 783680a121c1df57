using System.Text.Json;
using System.Text.RegularExpressions;
using MeshInfra.Cli.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>
/// Every valid stack the tests know, as stack-file text: the repository's dev and prod stacks, and the
/// model tests' configs (Configs.Seed, Configs.ThreeClusters) converted from JSON. The model tests are
/// another project, so their configs are read from its source file rather than copied here, and a
/// change there reaches these tests too.
/// </summary>
internal static partial class TestStacks
{
    public static IReadOnlyList<(string Name, string Text)> All { get; } = Load();

    /// <summary>A stack file whose <c>mesh-infra:mesh</c> is the given JSON config, written as block YAML.</summary>
    public static string FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var config = new YamlMappingNode { { StackKey("mesh-infra:mesh"), ToYaml(document.RootElement) } };
        return Save(new YamlMappingNode { { StackKey("config"), config } });
    }

    public static string Save(YamlNode root)
    {
        var text = new StringWriter { NewLine = "\n" };
        // No automatic anchors: YamlDotNet names them after hash codes, which differ from run to run, and
        // gives them to every pair of equal scalars. Aliases come only from anchors a mutation sets.
        new YamlStream(new YamlDocument(root)).Save(text, assignAnchors: false);
        return text.ToString();
    }

    private static List<(string Name, string Text)> Load()
    {
        var stacks = new List<(string, string)>
        {
            ("Pulumi.dev.yaml", File.ReadAllText(Repo.DevStack)),
            ("Pulumi.prod.yaml", File.ReadAllText(Repo.ProdStack)),
        };
        var source = File.ReadAllText(Path.Combine(Repo.Root, "tests", "MeshInfra.Model.Tests", "Support", "Configs.cs"));
        var configs = ModelConfig().Matches(source).Select(m => ($"Configs.{m.Groups["name"].Value}", FromJson(m.Groups["json"].Value))).ToList();
        if (!configs.Select(c => c.Item1).Order(StringComparer.Ordinal).SequenceEqual(["Configs.Seed", "Configs.ThreeClusters"]))
        {
            throw new InvalidOperationException($"Expected Configs.Seed and Configs.ThreeClusters in the model tests' Configs.cs, found: {string.Join(", ", configs.Select(c => c.Item1))}.");
        }

        stacks.AddRange(configs);
        return stacks;
    }

    private static YamlNode ToYaml(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => new YamlMappingNode(value.EnumerateObject().Select(p => KeyValuePair.Create<YamlNode, YamlNode>(StackKey(p.Name), ToYaml(p.Value)))),
        JsonValueKind.Array => new YamlSequenceNode(value.EnumerateArray().Select(ToYaml)),
        JsonValueKind.String => new YamlScalarNode(value.GetString()) { Style = ScalarStyle.DoubleQuoted },
        _ => new YamlScalarNode(value.GetRawText()) { Style = ScalarStyle.Plain },
    };

    private static YamlScalarNode StackKey(string key) => new(key) { Style = ScalarStyle.Plain };

    // The raw string constants of Configs.cs, such as: public const string Seed = """ {...} """;
    [GeneratedRegex(@"public const string (?<name>\w+) = ""{3}(?<json>.*?)""{3};", RegexOptions.Singleline)]
    private static partial Regex ModelConfig();
}
