namespace MeshInfra.Model.Config;

public enum DnsMode
{
    /// <summary>Edit the <c>coredns</c> ConfigMap's Corefile (kubeadm, kind).</summary>
    Corefile,

    /// <summary>Add a <c>.server</c> key to the <c>coredns-custom</c> ConfigMap (k3s, AKS).</summary>
    CorednsCustom,

    /// <summary>Leave DNS alone: only sidecars (DNS proxying) resolve global hosts.</summary>
    None,
}
