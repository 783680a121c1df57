using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Istio;

/// <summary>
/// One endpoint of a global host's ServiceEntry: a serving cluster's east-west gateway (address
/// possibly deferred), the port every service port maps to there, its subset labels, and the
/// serving cluster's locality (null where the stack names no region).
/// </summary>
public sealed record GlobalEndpoint(ManifestNode Address, ManifestNode Port, IReadOnlyDictionary<string, string> Labels, string? Locality);
