namespace MeshInfra.Model.Config;

public enum DnsMode
{
    /// <summary>Edit the <c>coredns</c> ConfigMap's Corefile (kubeadm, kind).</summary>
    Corefile,

    /// <summary>Add a <c>.server</c> key to the <c>coredns-custom</c> ConfigMap (k3s, AKS).</summary>
    CorednsCustom,

    /// <summary>Leave DNS alone: only sidecars (DNS proxying) resolve global hosts.</summary>
    None,

    /// <summary>
    /// Rewrite the Corefile without MeshInfra's block. Run once before <c>pulumi destroy</c>: Pulumi
    /// 3.x has no delete hooks, and the Corefile patch is retained on delete so CoreDNS never loses
    /// its configuration; this mode is how the Corefile goes back to exactly what it was.
    /// </summary>
    Remove,
}
