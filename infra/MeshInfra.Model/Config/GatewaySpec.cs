using System.Collections.Immutable;

namespace MeshInfra.Model.Config;

/// <summary>
/// How other clusters (or users) reach one gateway of a cluster. <see cref="DnsName"/> is the name
/// external-dns publishes for the gateway Service when the stack names a zone
/// (<c>&lt;gateway&gt;.&lt;cluster&gt;.&lt;zone&gt;</c>); in <see cref="GatewayAddressMode.ExternalDns"/> mode it is
/// also what others dial, and <see cref="StaticAddress"/> holds it. <see cref="Namespace"/> is where the
/// gateway's release, pods and Service run: its own namespace by default (istio-eastwest,
/// istio-ingress), never beside the <c>cacerts</c> Secret unless the stack pins it there to move later.
/// </summary>
public sealed record GatewaySpec(GatewayAddressMode AddressMode, string? NodeAddress, int? NodePort, string? StaticAddress, string? DnsName = null)
{
    /// <summary>Null means the kind's own namespace (<see cref="Istio.IstioLabels.GatewayNamespace"/>).</summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// The client networks (CIDRs) the load balancer admits, as the Service's
    /// <c>spec.loadBalancerSourceRanges</c>; empty admits everyone. East-west gateway only.
    /// </summary>
    public ImmutableArray<string> LoadBalancerSourceRanges { get; init; } = [];

    /// <summary>The cloud whose internal load balancer the Service asks for; null for its default (public). East-west gateway only.</summary>
    public InternalLoadBalancer? InternalLoadBalancer { get; init; }
}
