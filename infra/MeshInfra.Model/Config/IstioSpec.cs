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

    /// <summary><c>istio.imageDigests</c>: the digests of this version's images; <see cref="ImageDigests.None"/> pulls by tag.</summary>
    public ImageDigests ImageDigests { get; init; } = ImageDigests.None;

    /// <summary>The minor line whose reference data (CRDs, chart values) this stack is checked against.</summary>
    public string Line => IstioVersions.LineOf(Version);

    public string IstiodReleaseName => IstiodRelease(Revision);

    /// <summary>
    /// The longest revision: Helm refuses release names over 53 characters, and a revision's istiod
    /// is the release <c>istiod-&lt;revision&gt;</c>.
    /// </summary>
    public const int MaxRevisionLength = 53 - 7;

    /// <summary>A canary upgrade: the old control plane keeps running beside the new revision (until the handover run).</summary>
    public bool KeepsPreviousControlPlane => UpgradeFrom is { Handover: false } from && from.Revision != Revision;

    /// <summary>The handover run of a canary: the old control plane is removed in this run.</summary>
    public bool HandsOver => UpgradeFrom is { Handover: true };

    /// <summary>
    /// The control plane base's <c>defaultRevision</c> and the <c>default</c> revision tag point at:
    /// the old one while a canary keeps it, the stack's own otherwise. Null: a revision-less istiod,
    /// which serves the default labels itself.
    /// </summary>
    public string? DefaultRevision => KeepsPreviousControlPlane ? UpgradeFrom!.Revision : Revision;

    /// <summary>A revision name for a version, as Istio's docs spell them (1.31.1 -> 1-31-1).</summary>
    public static string RevisionFor(string version) => version.Replace('.', '-');

    /// <summary>Istio names a revision's istiod <c>istiod-&lt;revision&gt;</c>; no revision is the plain <c>istiod</c>.</summary>
    public static string IstiodRelease(string? revision) => revision is null ? "istiod" : $"istiod-{revision}";
}
