using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Istio;

/// <summary>
/// One endpoint of a global host's ServiceEntry: an address (possibly deferred), the port every
/// service port maps to there (null = the service's own ports), and its subset labels.
/// </summary>
public sealed record GlobalEndpoint(ManifestNode Address, ManifestNode? Port, IReadOnlyDictionary<string, string> Labels);
