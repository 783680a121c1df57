using MeshInfra.Model.Config;

namespace MeshInfra.Model.Trust;

/// <summary>
/// One deploy of a root rotation seen from both stack files (what <c>diff</c> and a pull request
/// compare): the recorded <c>trust.rotation.from</c> must be the previous file's phase, a phase follows
/// only the one before it, <c>switch</c> adds one cluster per deploy, and the root generation moves
/// only where the rotation finishes. Each refusal names the key and the reason.
/// </summary>
public static class RotationStep
{
    public static IReadOnlyList<ConfigError> Refusals(TrustSpec before, TrustSpec after, string root = MeshConfigParser.Root)
    {
        var path = $"{root}.trust.rotation";
        var (was, next) = (before.Rotation, after.Rotation);
        var errors = new List<ConfigError>();
        if (next.From != was.Phase && (next.InProgress || next.From != RotationPhase.None))
        {
            errors.Add(new ConfigError($"{path}.from", $"says '{RootRotationSpec.Name(next.From)}', but the previous stack file is at phase '{RootRotationSpec.Name(was.Phase)}'; set from: {RootRotationSpec.Name(was.Phase)}"));
        }

        if (RotationRules.Refusal(was.Phase, next.Phase) is { } reason)
        {
            errors.Add(new ConfigError($"{path}.phase", reason));
        }

        var added = next.Switched.Except(was.Switched, StringComparer.Ordinal).ToList();
        if (next.Phase == RotationPhase.Switch && added.Count > 1)
        {
            errors.Add(new ConfigError($"{path}.switched", $"switches {string.Join(" and ", added)} in one deploy; switch one cluster per deploy, so a bad intermediate reaches one cluster"));
        }

        if (after.Mode == TrustMode.Generated && before.Mode == TrustMode.Generated && before.RootGeneration != after.RootGeneration)
        {
            var finishing = was.Phase == RotationPhase.DropOld && next.Phase == RotationPhase.None;
            if (!finishing)
            {
                errors.Add(new ConfigError($"{root}.trust.rootGeneration", $"changes from {before.RootGeneration} to {after.RootGeneration} outside a rotation's end: that replaces the root in every cluster at once, and cross-cluster mTLS fails until every workload has renewed; rotate through {path}.phase (trustBoth, switch, dropOld) instead"));
            }
            else if (after.RootGeneration != before.RootGeneration + 1)
            {
                errors.Add(new ConfigError($"{root}.trust.rootGeneration", $"must be {before.RootGeneration + 1} when the rotation finishes: the new root is generation {before.RootGeneration + 1}"));
            }
        }
        else if (after.Mode == TrustMode.Generated && was.Phase == RotationPhase.DropOld && next.Phase == RotationPhase.None)
        {
            errors.Add(new ConfigError($"{root}.trust.rootGeneration", $"must be raised to {before.RootGeneration + 1} when the rotation finishes: generation {before.RootGeneration} is the old root, which dropOld deleted"));
        }

        return errors;
    }
}
