using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Trust;

/// <summary>What a root rotation's phase changes and what comes next, in the words plan and diff print.</summary>
public static class RotationText
{
    /// <summary>How long a workload keeps a certificate (and the roots that came with it): istiod's
    /// DEFAULT_WORKLOAD_CERT_TTL, 24 h (pilot/pkg/bootstrap/istio_ca.go workloadCertTTL,
    /// security/pkg/cmd/constants.go DefaultWorkloadCertTTL, 1.30.3 and 1.31.0-rc.0).</summary>
    public const int WorkloadCertificateHours = 24;

    public static IReadOnlyList<string> Describe(MeshPlan plan)
    {
        var trust = plan.Spec.Trust;
        var rotation = trust.Rotation;
        var roots = plan.Trust;
        var header = $"Root rotation: phase {RootRotationSpec.Name(rotation.Phase)} (from {RootRotationSpec.Name(rotation.From)})";
        var wait = $"wait {WorkloadCertificateHours} h (the workload certificate lifetime) so every workload holds what this phase issued";
        switch (rotation.Phase)
        {
            case RotationPhase.None when rotation.From == RotationPhase.DropOld:
                return [header, "  finished: one root again; istiod loses ISTIO_MULTIROOT_MESH (one restart)"];
            case RotationPhase.None:
                return [];
            case RotationPhase.TrustBoth:
                return
                [
                    header,
                    $"  every cluster's cacerts root-cert.pem gains the new root {roots[1].Id} after the old {roots[0].Id}; intermediates unchanged",
                    "  istiod runs with ISTIO_MULTIROOT_MESH=true (restarts once) and hands both roots to every namespace's istio-ca-root-cert and to each workload at its next certificate",
                    $"  next: {wait}, then phase switch (from: trustBoth) with switched: [{plan.Spec.Clusters[0].Name}]",
                ];
            case RotationPhase.Switch:
                var switched = plan.Spec.Clusters.Where(c => rotation.UsesNewRoot(c.Name)).Select(c => c.Name).ToList();
                var waiting = plan.Spec.Clusters.Where(c => !rotation.UsesNewRoot(c.Name)).Select(c => c.Name).ToList();
                return
                [
                    header,
                    $"  intermediates signed by the new root {roots[1].Id}: {string.Join(", ", switched)} (re-issued: new key and certificate, the old ones deleted)",
                    waiting.Count > 0 ? $"  still signed by the old root {roots[0].Id}: {string.Join(", ", waiting)}" : "  every cluster is switched",
                    "  every cacerts still trusts both roots (root-cert.pem unchanged)",
                    waiting.Count > 0
                        ? $"  next: add {waiting[0]} to trust.rotation.switched (from: switch), one cluster per deploy"
                        : $"  next: {wait}, then phase dropOld (from: switch)",
                ];
            default:
                return
                [
                    header,
                    $"  every cluster's cacerts root-cert.pem holds only the new root {roots[0].Id}; the old root is no longer trusted" + (trust.Mode == TrustMode.Generated ? " and its key is deleted from the stack" : $" (remove {TrustSpec.ProvidedRootKeyKey} from the stack once this is deployed)"),
                    "  next: phase none (from: dropOld)" + (trust.Mode == TrustMode.Generated ? $" with trust.rootGeneration: {trust.RootGeneration + 1}" : $", with the new root moved into {TrustSpec.ProvidedRootCertKey} and {TrustSpec.ProvidedRootKeyKey}"),
                ];
        }
    }
}
