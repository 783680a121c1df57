using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Config;

/// <summary>
/// The one Istio version a stack runs everywhere, where its charts and images come from, the
/// control-plane revision (none: the plain <c>istiod</c>), and the control plane an upgrade starts from.
/// </summary>
public sealed record IstioSpec(string Version, string ChartRepository, string Hub, string? Revision, UpgradeFrom? UpgradeFrom)
{
    public const string DefaultVersion = IstioVersions.Default;
    public const string DefaultChartRepository = IstioSources.DefaultChartRepository;
    public const string DefaultHub = IstioSources.DefaultHub;

    public static readonly IstioSpec Default = new(DefaultVersion, DefaultChartRepository, DefaultHub, null, null);

    /// <summary>
    /// <c>istio.purgeCrdsOnDelete</c>: uninstall the <c>base</c> release (and with it Istio's CRDs and every
    /// Istio object in the cluster, other people's too) when a cluster leaves the mesh or the stack is
    /// destroyed. Off by default: the release is retained and the CRDs stay.
    /// </summary>
    public bool PurgeCrdsOnDelete { get; init; }

    /// <summary>The minor line whose reference data (CRDs, chart values) this stack is checked against.</summary>
    public string Line => IstioVersions.LineOf(Version);

    public string IstiodReleaseName => IstiodRelease(Revision);

    /// <summary>A canary upgrade: the old control plane keeps running beside the new revision.</summary>
    public bool KeepsPreviousControlPlane => UpgradeFrom is { } from && from.Revision != Revision;

    /// <summary>Istio names a revision's istiod <c>istiod-&lt;revision&gt;</c>; no revision is the plain <c>istiod</c>.</summary>
    public static string IstiodRelease(string? revision) => revision is null ? "istiod" : $"istiod-{revision}";
}
