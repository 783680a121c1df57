using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// An inline ServiceEntry endpoint: address, port map (by port name; text, since a NodePort may be a
/// placeholder until deploy), labels and locality.
/// </summary>
public sealed record SeEndpoint(
    string Address,
    ImmutableSortedDictionary<string, string> Ports,
    ImmutableSortedDictionary<string, string> Labels,
    string? Locality,
    string? Network,
    string? ServiceAccount);
