using System.Collections.Immutable;
using System.Text.Json;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// What the CLI takes from a <c>Pulumi.&lt;stack&gt;.yaml</c>: the mesh value as the JSON the Pulumi engine
/// would hand the program, which other config keys are present, which of them are secrets (never
/// decrypted, only noted), and where every value of the mesh sits in the file.
/// </summary>
public sealed record StackFile(
    string Path,
    JsonElement Mesh,
    ImmutableSortedSet<string> ConfigKeys,
    ImmutableSortedSet<string> SecretKeys,
    ImmutableDictionary<string, SourcePosition> Positions)
{
    /// <summary>The Pulumi project's name (Pulumi.yaml), which namespaces every config key.</summary>
    public const string ProjectNamespace = "mesh-infra";

    public const string MeshKey = ProjectNamespace + ":mesh";

    public static string ConfigKey(string name) => ProjectNamespace + ":" + name;

    /// <summary>
    /// The position of a config path, or of its nearest enclosing value when the key itself is
    /// missing (a required key is reported where it should have been written).
    /// </summary>
    public SourcePosition? PositionOf(string path)
    {
        for (var at = path; at is not null; at = ConfigPath.Parent(at))
        {
            if (Positions.TryGetValue(at, out var position))
            {
                return position;
            }
        }

        return null;
    }

    /// <summary><c>file:line:column</c> for a config path, the form editors and CI logs link to.</summary>
    public string Locate(string path) => PositionOf(path) is { } p ? $"{Path}:{p.Line}:{p.Column}" : Path;
}
