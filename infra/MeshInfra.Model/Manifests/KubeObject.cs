using System.Runtime.InteropServices;

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
    public bool IsIstioCustomResource
    {
        get
        {
            // The planner asks this of every object; a span spares it the Group substring.
            var slash = ApiVersion.IndexOf('/', StringComparison.Ordinal);
            return slash >= 0 && ApiVersion.AsSpan(0, slash).EndsWith(".istio.io", StringComparison.Ordinal);
        }
    }

    /// <summary>A name unique within one cluster: kind, namespace and name.</summary>
    public string Identity => Metadata.Namespace is null ? $"{Kind}/{Metadata.Name}" : $"{Kind}/{Metadata.Namespace}/{Metadata.Name}";

    public MapNode ToNode()
    {
        var entries = new MapEntry[3 + Body.Count];
        entries[0] = new MapEntry("apiVersion", ApiVersion);
        entries[1] = new MapEntry("kind", Kind);
        entries[2] = new MapEntry("metadata", Metadata.ToNode());
        Body.Entries.CopyTo(entries, 3);
        return new(ImmutableCollectionsMarshal.AsImmutableArray(entries));
    }
}
