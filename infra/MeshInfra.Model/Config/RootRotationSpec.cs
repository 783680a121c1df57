using System.Collections.Immutable;

namespace MeshInfra.Model.Config;

/// <summary>
/// A root rotation in progress: the phase asked for, the phase the stack was last deployed at
/// (<c>trust.rotation.from</c>, recorded in the stack file because a plan made offline cannot read the
/// deployed state; <c>diff</c> also checks it against the previous stack file), and the clusters whose
/// intermediate the new root already signs.
/// </summary>
public sealed record RootRotationSpec(RotationPhase Phase, RotationPhase From, ImmutableArray<string> Switched)
{
    public static readonly RootRotationSpec Idle = new(RotationPhase.None, RotationPhase.None, []);

    /// <summary>Config words for the phases, in order.</summary>
    public static readonly string[] PhaseNames = ["none", "trustBoth", "switch", "dropOld"];

    public bool InProgress => Phase != RotationPhase.None;

    /// <summary>Whether a cluster's intermediate is signed by the new root in this phase.</summary>
    public bool UsesNewRoot(string cluster) => Phase switch
    {
        RotationPhase.DropOld => true,
        RotationPhase.Switch => Switched.Contains(cluster, StringComparer.Ordinal),
        _ => false,
    };

    /// <summary>Whether the cluster's trust bundle (cacerts root-cert.pem) holds the old root in this phase.</summary>
    public bool TrustsOldRoot => Phase != RotationPhase.DropOld;

    /// <summary>Whether the cluster's trust bundle holds the new root in this phase.</summary>
    public bool TrustsNewRoot => Phase != RotationPhase.None;

    public static string Name(RotationPhase phase) => PhaseNames[(int)phase];
}
