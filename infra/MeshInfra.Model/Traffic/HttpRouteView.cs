using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// One HTTP route of a VirtualService: its match blocks (OR of blocks, AND of header conditions in
/// each; none means every request) and its destinations.
/// </summary>
public sealed record HttpRouteView(int Index, ImmutableArray<ImmutableArray<HeaderCondition>> Matches, ImmutableArray<RouteDestination> Destinations);
