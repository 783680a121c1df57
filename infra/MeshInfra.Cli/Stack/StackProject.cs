using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// The Pulumi project a stack file belongs to: the <c>name:</c> in the <c>Pulumi.yaml</c> beside it.
/// Pulumi namespaces every config key by it (<c>new Config()</c> in the program reads
/// <c>&lt;project&gt;:mesh</c>), so the CLI reads the same key the deploy will.
/// </summary>
public static class StackProject
{
    /// <summary>The project name, or null when no Pulumi.yaml (or Pulumi.yml) is beside the stack file.</summary>
    /// <exception cref="StackFileException">The Pulumi.yaml is unreadable or names no project.</exception>
    public static string? NameBeside(string stackPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(stackPath)) ?? ".";
        var shownDirectory = Path.GetDirectoryName(stackPath) ?? "";
        foreach (var fileName in new[] { "Pulumi.yaml", "Pulumi.yml" })
        {
            if (File.Exists(Path.Combine(directory, fileName)))
            {
                return Read(Path.Combine(directory, fileName), Path.Combine(shownDirectory, fileName));
            }
        }

        return null;
    }

    private static string Read(string path, string shown)
    {
        var stream = new YamlStream();
        using (var text = StackFileBytes.Open(path, shown))
        {
            try
            {
                stream.Load(new BoundedParser(new Parser(text), shown));
            }
            catch (YamlException e)
            {
                throw new StackFileException($"{shown}:{e.Start.Line}:{e.Start.Column}: malformed YAML in the project file: {e.Message}");
            }
        }

        if (stream.Documents.Count == 1
            && stream.Documents[0].RootNode is YamlMappingNode project
            && project.Children.TryGetValue(new YamlScalarNode("name"), out var name))
        {
            return name is YamlScalarNode { Value: { Length: > 0 } value } && !value.Contains(':', StringComparison.Ordinal)
                ? value
                : throw new StackFileException($"{shown}:{YamlJson.PositionOf(name)}: name: must be the project's name, such as mesh-infra; Pulumi namespaces config keys with it");
        }

        throw new StackFileException($"{shown}: has no name:; a Pulumi project file names its project, such as name: mesh-infra");
    }
}
