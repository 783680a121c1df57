using System.Collections.Immutable;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Federation;

/// <summary>
/// One field a cluster's copy sets differently, e.g. <c>spec.servers[0].hosts[0]</c>. Segments are
/// map keys (string) or list indexes (int); the path always starts at <c>spec</c>.
/// </summary>
public sealed record FieldOverride(string Path, ImmutableArray<object> Segments, ManifestNode Value);
