namespace MeshInfra.Model.Config;

/// <summary>How other clusters (or users) reach one gateway of a cluster.</summary>
public sealed record GatewaySpec(GatewayAddressMode AddressMode, string? NodeAddress, int? NodePort, string? StaticAddress);
