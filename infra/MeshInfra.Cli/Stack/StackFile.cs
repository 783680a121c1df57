using System.Collections.Immutable;
using System.Text.Json;
using MeshInfra.Model.Config;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// What the CLI takes from a <c>Pulumi.&lt;stack&gt;.yaml</c>: the mesh value as the JSON the Pulumi engine
/// would hand the program, which other config keys are present, which of them are secrets (never
/// decrypted, only noted), and where every value of the mesh sits in the file.
/// </summary>
public sealed record StackFile(
    string Path,
    string Project,
    JsonElement Mesh,
    ImmutableSortedSet<string> ConfigKeys,
    ImmutableSortedSet<string> SecretKeys,
    ImmutableDictionary<string, SourcePosition> Positions)
{
    /// <summary>The key of this repository's own stacks (its Pulumi.yaml says name: mesh-infra).</summary>
    public const string DefaultMeshKey = "mesh-infra:mesh";

    /// <summary>
    /// The provided root CA certificate when the stack holds it in plain text (it is public; only its
    /// key must be a secret), else null. Offline checks and descriptions read it; nothing prints it.
    /// </summary>
    public string? PlainRootCertificate { get; init; }

    /// <summary>
    /// Certificates the stack holds in plain text, by config name without the project (the root's, and
    /// provided intermediates' certificates and chains: <see cref="TrustSpec.IsPublicCertificateKey"/>).
    /// Keys are never among them.
    /// </summary>
    public ImmutableSortedDictionary<string, string> PlainCertificates { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>Where each key of the mesh is written, by the path it names (<see cref="Positions"/> holds where its value is).</summary>
    public ImmutableDictionary<string, SourcePosition> KeyPositions { get; init; } = ImmutableDictionary<string, SourcePosition>.Empty;

    /// <summary>The mesh's config key: <c>&lt;project&gt;:mesh</c>, with <see cref="Project"/> from Pulumi.yaml.</summary>
    public string MeshKey => ConfigKey("mesh");

    /// <summary>A config key of this stack's project, as Pulumi namespaces it.</summary>
    public string ConfigKey(string name) => Project + ":" + name;

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

    /// <summary>
    /// <c>file:line:column</c> for an error: at the key itself when the key is the problem (an unknown or
    /// misspelt key), else at the value.
    /// </summary>
    public string Locate(ConfigError error) =>
        error.AtKey && KeyPositions.TryGetValue(error.Path, out var key) ? $"{Path}:{key.Line}:{key.Column}" : Locate(error.Path);
}
