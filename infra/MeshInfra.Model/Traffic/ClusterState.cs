using System.Collections.Immutable;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// What one cluster holds, as the traffic model's input: the objects (the documents `render`
/// writes, or what a live cluster returns), the Helm values of each release, and MeshInfra's
/// CoreDNS server block. <see cref="Locality"/> is an assumption: the region/zone its nodes carry.
/// Deferred values in the documents (gateway addresses) are read through the model's resolver.
/// </summary>
public sealed record ClusterState(
    string Name,
    string? Locality,
    ImmutableArray<MapNode> Objects,
    ImmutableSortedDictionary<string, MapNode> ReleaseValues,
    string? CorednsServerBlock);
