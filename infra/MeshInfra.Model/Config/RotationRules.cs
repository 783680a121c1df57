namespace MeshInfra.Model.Config;

/// <summary>
/// Which phase may follow which, and why not: one rule, used for the phase recorded in the stack file
/// (<c>trust.rotation.from</c>) and by <c>diff</c> for the previous stack file's phase.
/// </summary>
public static class RotationRules
{
    /// <summary>Null when <paramref name="next"/> may be deployed over <paramref name="deployed"/>, else the reason it may not.</summary>
    public static string? Refusal(RotationPhase deployed, RotationPhase next)
    {
        string N(RotationPhase p) => $"'{RootRotationSpec.Name(p)}'";
        if (next == deployed || (int)next == (int)deployed + 1 || (deployed == RotationPhase.DropOld && next == RotationPhase.None))
        {
            return null;
        }

        if (deployed == RotationPhase.DropOld)
        {
            return $"{N(next)} cannot follow 'dropOld': the rotation is not finished; set phase 'none' (from: dropOld) and raise trust.rootGeneration (or move {TrustSpec.NextRootCertKey} into {TrustSpec.ProvidedRootCertKey}) before another rotation";
        }

        if (next < deployed)
        {
            return $"{N(next)} cannot follow {N(deployed)}: a rotation only moves forward; going back would re-issue intermediates from the old root while workloads hold certificates of the new one, and the old root's keys are destroyed when 'dropOld' is deployed; finish the rotation and rotate again";
        }

        return next switch
        {
            RotationPhase.Switch => $"'switch' cannot follow {N(deployed)}: every cluster must trust the new root before any intermediate chains to it, or clusters that trust only the old root refuse the workloads it signs; deploy 'trustBoth' first (from: {RootRotationSpec.Name(deployed)})",
            RotationPhase.DropOld when deployed == RotationPhase.None => "'dropOld' cannot follow 'none': no intermediate chains to a new root yet, so dropping the old one breaks every workload certificate in the mesh; deploy 'trustBoth', then 'switch' one cluster at a time",
            _ => $"'dropOld' cannot follow {N(deployed)}: every intermediate still chains to the old root, so dropping it breaks every workload certificate they sign; deploy 'switch' one cluster at a time first",
        };
    }
}
