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

    public override string Describe() => $"HelmRelease {Namespace}/{ReleaseName} ({Chart} {Version})";
}
