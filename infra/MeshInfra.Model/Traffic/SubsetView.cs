using System.Collections.Immutable;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>One DestinationRule subset: its name, label selector and own traffic policy.</summary>
public sealed record SubsetView(string Name, ImmutableSortedDictionary<string, string> Labels, MapNode? TrafficPolicy);
