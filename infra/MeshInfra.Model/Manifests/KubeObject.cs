using System.Collections.Immutable;

namespace MeshInfra.Model.Manifests;

/// <summary>
/// One Kubernetes object as the plan declares it. <see cref="Body"/> holds the top-level fields
/// after metadata (spec, data, type, ...), already in render order.
/// </summary>
public sealed record KubeObject(string ApiVersion, string Kind, ObjectMeta Metadata, MapNode Body)
{
    /// <summary>The API group, empty for the core group (<c>v1</c>).</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    /// <summary>True for Istio CRD kinds, which need the base chart's CRDs before they can be applied.</summary>
    public bool IsIstioCustomResource => Group.EndsWith(".istio.io", StringComparison.Ordinal);

    /// <summary>A name unique within one cluster: kind, namespace and name.</summary>
    public string Identity => Metadata.Namespace is null ? $"{Kind}/{Metadata.Name}" : $"{Kind}/{Metadata.Namespace}/{Metadata.Name}";

    public MapNode ToNode() => new(
        new[]
        {
            new MapEntry("apiVersion", ApiVersion),
            new MapEntry("kind", Kind),
            new MapEntry("metadata", Metadata.ToNode()),
        }.Concat(Body.Entries).ToImmutableArray());
}
