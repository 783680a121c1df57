using System.Collections.Immutable;

namespace MeshInfra.Model.Config;

/// <summary>Bookinfo split across clusters: where each service (and each reviews version) runs.</summary>
public sealed record BookinfoSpec(
    string Namespace,
    string Productpage,
    string Details,
    string Ratings,
    ImmutableSortedDictionary<string, string> Reviews);
