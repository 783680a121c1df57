namespace MeshInfra.Model.Traffic;

/// <summary>One weighted destination of a VirtualService HTTP route.</summary>
public sealed record RouteDestination(string Host, string? Subset, int? Port, int Weight);
