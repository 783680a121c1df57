using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Planning;

/// <summary>A Helm release of one of Istio's charts, pinned to the stack's Istio version.</summary>
public sealed record PlannedRelease(ResourceId Id, string ReleaseName, string Chart, string Version, string Repository, string Namespace, MapNode Values)
    : PlannedResource(Id)
{
    public override string Describe() => $"HelmRelease {Namespace}/{ReleaseName} ({Chart} {Version})";
}
