using MeshInfra.Model.Config;
using MeshInfra.Model.Dns;

namespace MeshInfra.Model.Planning;

/// <summary>
/// MeshInfra's CoreDNS server block for one cluster. In Corefile mode the live Corefile is edited
/// at deploy time with <see cref="CorefileEditor"/>; in coredns-custom mode the block is one whole
/// data key of the coredns-custom ConfigMap, fully known now.
/// </summary>
public sealed record PlannedDnsChange(ResourceId Id, DnsMode Mode, MeshDnsBlock Block) : PlannedResource(Id)
{
    public const string ConfigMapNamespace = "kube-system";
    public const string CorefileConfigMap = "coredns";
    public const string CustomConfigMap = "coredns-custom";
    public const string CorefileKey = "Corefile";

    public string ConfigMapName => Mode == DnsMode.CorednsCustom ? CustomConfigMap : CorefileConfigMap;

    public string DataKey => Mode == DnsMode.CorednsCustom ? CorefileEditor.CustomServerKey(Block.GlobalDomain) : CorefileKey;

    public override string Describe() => Mode == DnsMode.Remove
        ? $"CoreDNS {ConfigMapNamespace}/{ConfigMapName} key {DataKey} (remove MeshInfra's {Block.GlobalDomain} block)"
        : $"CoreDNS {ConfigMapNamespace}/{ConfigMapName} key {DataKey} ({Block.Entries.Length} global hosts)";
}
