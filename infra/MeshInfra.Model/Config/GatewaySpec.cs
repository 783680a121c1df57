namespace MeshInfra.Model.Config;

/// <summary>
/// How other clusters (or users) reach one gateway of a cluster. <see cref="DnsName"/> is the name
/// external-dns publishes for the gateway Service when the stack names a zone
/// (<c>&lt;gateway&gt;.&lt;cluster&gt;.&lt;zone&gt;</c>); in <see cref="GatewayAddressMode.ExternalDns"/> mode it is
/// also what others dial, and <see cref="StaticAddress"/> holds it.
/// </summary>
public sealed record GatewaySpec(GatewayAddressMode AddressMode, string? NodeAddress, int? NodePort, string? StaticAddress, string? DnsName = null);
