namespace MeshInfra.Live;

/// <summary>
/// A kind of object the reader lists cluster-wide: its API group and version, plural resource
/// name (what RBAC rules and URLs say) and kind (what list items lack and the reader sets).
/// </summary>
public sealed record ResourceKind(string Group, string Version, string Plural, string Kind)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The cluster-wide list path: /api/v1/pods or /apis/networking.istio.io/v1/virtualservices.</summary>
    public string ListPath => Group.Length == 0 ? $"/api/{Version}/{Plural}" : $"/apis/{Group}/{Version}/{Plural}";

    /// <summary>The resource as RBAC and kubectl name it: pods, virtualservices.networking.istio.io.</summary>
    public string Resource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>True for Istio's own kinds: a 404 on them means the CRD is not installed.</summary>
    public bool IsIstio => Group.EndsWith(".istio.io", StringComparison.Ordinal);
}
