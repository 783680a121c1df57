using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Planning;

/// <summary>A Helm release of one of Istio's charts, pinned to the stack's Istio version.</summary>
public sealed record PlannedRelease(ResourceId Id, string ReleaseName, string Chart, string Version, string Repository, string Namespace, MapNode Values)
    : PlannedResource(Id)
{
    /// <summary>What Helm installs: <c>oci://…/charts/istiod</c> from an OCI source, the bare chart name from an https one.</summary>
    public string ChartReference => IstioSources.ChartReference(Repository, Chart);

    /// <summary>The https repository the chart name resolves against; null for OCI, whose reference is complete.</summary>
    public string? RepositoryUrl => IstioSources.RepositoryUrl(Repository);

    /// <summary>
    /// Removing the release from the plan (a cluster leaving the mesh, <c>pulumi destroy</c>) leaves it
    /// installed: Pulumi forgets it (<c>RetainOnDelete</c>), and the kubectl layout never uninstalls it.
    /// Set for the <c>base</c> release, whose uninstall deletes Istio's CRDs and every Istio object with them.
    /// </summary>
    public bool RetainOnDelete { get; init; }

    public override string Describe() => $"HelmRelease {Namespace}/{ReleaseName} ({Chart} {Version})";
}
