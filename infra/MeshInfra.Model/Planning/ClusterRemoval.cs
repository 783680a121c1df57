using System.Collections.Immutable;
using MeshInfra.Model.Config;

namespace MeshInfra.Model.Planning;

/// <summary>
/// Says plainly what removing a cluster from the mesh (or <c>pulumi destroy</c>) does to it, from the
/// plan it had: what is deleted, and what stays and why. <c>plan</c> prints it per cluster and
/// <c>diff</c> for a cluster that leaves.
/// </summary>
public static class ClusterRemoval
{
    public static RemovalEffects Of(ClusterPlan cluster)
    {
        var deletes = ImmutableArray.CreateBuilder<string>();
        var keeps = ImmutableArray.CreateBuilder<string>();
        var releases = cluster.Releases.ToList();
        var uninstalled = releases.Where(r => !r.RetainOnDelete).Select(r => r.ReleaseName).ToList();
        if (uninstalled.Count > 0)
        {
            deletes.Add($"the Helm releases {string.Join(", ", uninstalled)} (helm uninstall)");
        }

        var ownObjects = cluster.Objects.Where(o => !o.IsPatch).ToList();
        if (ownObjects.Count > 0)
        {
            deletes.Add($"the {ownObjects.Count} objects MeshInfra created (its ServiceEntries, DestinationRules, VirtualServices, Gateways, the cacerts Secret, its namespaces and everything in them)");
        }

        if (releases.FirstOrDefault(r => r.ReleaseName == IstioInstall.BaseRelease) is { } baseRelease)
        {
            if (baseRelease.RetainOnDelete)
            {
                keeps.Add($"Istio's CRDs and the base chart's other cluster-wide objects: {IstioInstall.BaseRelease} is not uninstalled (Pulumi forgets it), so the Istio objects MeshInfra did not create stay, outside the namespaces it deletes (set istio.purgeCrdsOnDelete: true to uninstall it)");
            }
            else
            {
                deletes.Add($"Istio's CRDs (istio.purgeCrdsOnDelete: true uninstalls {IstioInstall.BaseRelease}), and with them EVERY Istio object in the cluster, other people's too");
            }
        }

        var patched = cluster.Objects.Where(o => o.IsPatch).Select(o => $"{o.Object.Kind} {o.Object.Metadata.Name}").ToList();
        if (patched.Count > 0)
        {
            keeps.Add($"objects MeshInfra only labels ({string.Join(", ", patched)}): they stay, with the labels as MeshInfra last set them");
        }

        switch (cluster.Dns)
        {
            case { Mode: DnsMode.CorednsCustom } dns:
                deletes.Add($"MeshInfra's CoreDNS block: the key {dns.DataKey} of {PlannedDnsChange.ConfigMapNamespace}/{dns.ConfigMapName}");
                keeps.Add($"the {PlannedDnsChange.ConfigMapNamespace}/{dns.ConfigMapName} ConfigMap and its other keys");
                break;
            case { Mode: DnsMode.Corefile } dns:
                keeps.Add($"the Corefile of {PlannedDnsChange.ConfigMapNamespace}/{dns.ConfigMapName}, byte for byte as MeshInfra last wrote it, WITH MeshInfra's {dns.Block.GlobalDomain} block still in it: to take the block out, first set dns: remove for this cluster and apply, then remove the cluster");
                break;
        }

        return new RemovalEffects(deletes.ToImmutable(), keeps.ToImmutable());
    }
}
