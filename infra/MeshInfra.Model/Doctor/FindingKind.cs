namespace MeshInfra.Model.Doctor;

/// <summary>What kind of thing doctor found; written in lower case in `--format json`.</summary>
public enum FindingKind
{
    /// <summary>An object MeshInfra plans is missing or differs, or one it owns is no longer planned; an address others dial moved.</summary>
    Drift,

    /// <summary>Someone else's object changes one of MeshInfra's paths (Istio's precedence decides against ours).</summary>
    Shadowed,

    /// <summary>A fact the proof rests on does not hold (node locality, sidecars, labels, versions, trust).</summary>
    Precondition,

    /// <summary>A request of the verify matrix fails over the objects the clusters hold.</summary>
    Traffic,

    /// <summary>A cluster, or a kind of object in it, could not be read.</summary>
    Unreachable,

    /// <summary>A certificate expires within the window.</summary>
    Expiry,
}
