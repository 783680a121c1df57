namespace MeshInfra.Model.Config;

/// <summary>
/// Where a root rotation stands (<c>trust.rotation.phase</c>). The phases run in this order, one
/// <c>pulumi up</c> each, and never back: every value's number is its place in the sequence.
/// </summary>
public enum RotationPhase
{
    /// <summary>One root: every cacerts holds it alone and every intermediate chains to it.</summary>
    None = 0,

    /// <summary>Every cluster's root-cert.pem holds the old and the new root; intermediates still chain to the old.</summary>
    TrustBoth = 1,

    /// <summary>Both roots trusted; the clusters named in <c>trust.rotation.switched</c> issue from an intermediate of the new root.</summary>
    Switch = 2,

    /// <summary>Only the new root: every cacerts holds it alone, the old root's keys are destroyed.</summary>
    DropOld = 3,
}
