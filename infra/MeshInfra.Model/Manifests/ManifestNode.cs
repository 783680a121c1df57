using System.Diagnostics.CodeAnalysis;

namespace MeshInfra.Model.Manifests;

/// <summary>
/// A value in a Kubernetes manifest or a Helm values tree. Builders produce these typed trees
/// (never YAML strings) so that the Pulumi program and the offline CLI walk the very same
/// objects, and so a value only a cluster knows can sit in the tree as a <see cref="DeferredNode"/>.
/// </summary>
public abstract record ManifestNode
{
    // Null in, null out: MapNode.Of drops null entries, so optional fields can be passed straight through.
    [return: NotNullIfNotNull(nameof(value))]
    public static implicit operator ManifestNode?(string? value) => value is null ? null : new ScalarNode(value);

    public static implicit operator ManifestNode(int value) => new ScalarNode((long)value);

    public static implicit operator ManifestNode(long value) => new ScalarNode(value);

    public static implicit operator ManifestNode(bool value) => new ScalarNode(value);
}
