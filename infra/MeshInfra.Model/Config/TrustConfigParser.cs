using System.Globalization;
using System.Text.Json;

namespace MeshInfra.Model.Config;

/// <summary>
/// <c>mesh.trust</c>: the root's source and lifetimes, the renewal clock of intermediates, and a root
/// rotation's phase. A phase is checked against the one recorded as deployed (<c>rotation.from</c>):
/// each step is one phase forward, so a skipped or reversed phase is refused here, with the reason,
/// by validate, plan, render and the Pulumi program alike.
/// </summary>
internal static class TrustConfigParser
{
    public static TrustSpec Parse(ConfigReader r, JsonElement config, string root)
    {
        var path = $"{root}.trust";
        var fallback = new TrustSpec(TrustMode.Generated, TrustSpec.DefaultValidityDays, TrustSpec.DefaultValidityDays);
        if (!ConfigReader.TryGet(config, "trust", out var trust) || !r.IsObject(trust, path))
        {
            return fallback;
        }

        r.RejectUnknownKeys(trust, path, "mode", "rootValidityDays", "intermediateValidityDays", "renewal", "rootGeneration", "rotation", "intermediates");
        var mode = r.OneOf(trust, "mode", path, "generated", "provided") == "provided" ? TrustMode.Provided : TrustMode.Generated;
        var rootDays = r.Int(trust, "rootValidityDays", path, 1, 36500) ?? TrustSpec.DefaultValidityDays;
        // A stolen intermediate signs for the whole mesh until it expires: where renewal re-issues it, it lives a year by default.
        var renews = ConfigReader.TryGet(trust, "renewal", out _);
        var intermediateDays = r.Int(trust, "intermediateValidityDays", path, 1, 36500)
            ?? (renews ? Math.Min(TrustSpec.DefaultRenewedIntermediateValidityDays, rootDays) : TrustSpec.DefaultValidityDays);
        if (mode == TrustMode.Generated && intermediateDays > rootDays)
        {
            r.Error($"{path}.intermediateValidityDays", $"{intermediateDays} days outlives the root's {rootDays}; an intermediate cannot be valid longer than the root that signs it");
        }

        var rootGeneration = r.Int(trust, "rootGeneration", path, 1, 1_000_000) ?? 1;
        if (mode == TrustMode.Provided && ConfigReader.TryGet(trust, "rootGeneration", out _))
        {
            r.Error($"{path}.rootGeneration", $"applies to a generated root; a provided root is rotated by giving the new one in {TrustSpec.NextRootCertKey} and {TrustSpec.NextRootKeyKey}");
        }

        var providedIntermediates = r.OneOf(trust, "intermediates", path, "generated", "provided") == "provided";
        if (providedIntermediates && mode != TrustMode.Provided)
        {
            r.Error($"{path}.intermediates", "'provided' needs mode: provided: the intermediates are signed by your own root, whose certificate the stack holds in " + TrustSpec.ProvidedRootCertKey);
        }

        var spec = new TrustSpec(mode, rootDays, intermediateDays)
        {
            Renewal = ParseRenewal(r, trust, path, intermediateDays),
            RootGeneration = rootGeneration,
            Rotation = ParseRotation(r, trust, path),
            ProvidedIntermediates = providedIntermediates && mode == TrustMode.Provided,
        };
        if (spec.ProvidedIntermediates && spec.Renewal is not null)
        {
            r.Error($"{path}.renewal", $"renews intermediates MeshInfra issues; with intermediates: provided you issue them: renew one by giving its new certificate, key and chain in {TrustSpec.IntermediateCertKeyPrefix}<cluster>, {TrustSpec.IntermediateKeyKeyPrefix}<cluster> and {TrustSpec.IntermediateChainKeyPrefix}<cluster>, and remove renewal");
        }

        if (spec.ProvidedIntermediates && spec.Rotation.InProgress)
        {
            r.Error($"{path}.rotation", "is not supported with intermediates: provided yet: a rotation issues intermediates from the new root, which needs its key; rotate with intermediates: generated, or replace every cluster's intermediate and the root by hand");
        }

        return spec;
    }

    /// <summary>Checks the rotation's cluster names once the clusters are known.</summary>
    public static void CheckClusters(ConfigReader r, TrustSpec trust, IReadOnlyCollection<string> clusters, string root)
    {
        var path = $"{root}.trust.rotation";
        var rotation = trust.Rotation;
        foreach (var name in rotation.Switched.Where(s => !clusters.Contains(s)))
        {
            r.UnknownCluster($"{path}.switched", name, clusters);
        }

        if (rotation.Phase == RotationPhase.DropOld && clusters.Where(c => !rotation.Switched.Contains(c, StringComparer.Ordinal)).ToList() is { Count: > 0 } left)
        {
            r.Error($"{path}.phase", $"'dropOld' needs every cluster's intermediate signed by the new root, and {string.Join(", ", left)} still chain{(left.Count == 1 ? "s" : "")} to the old one: add {(left.Count == 1 ? "it" : "them")} to {path}.switched in phase 'switch', one cluster per deploy, first");
        }
    }

    private static IntermediateRenewalSpec? ParseRenewal(ConfigReader r, JsonElement trust, string path, int intermediateDays)
    {
        var at = $"{path}.renewal";
        if (!ConfigReader.TryGet(trust, "renewal", out var renewal) || !r.IsObject(renewal, at))
        {
            return null;
        }

        r.RejectUnknownKeys(renewal, at, "startDate", "windowDays");
        var text = r.String(renewal, "startDate", at, required: true);
        DateOnly start = default;
        if (text is not null && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
        {
            r.Error($"{at}.startDate", $"'{ConfigReader.Clip(text)}' is not a date; write it as YYYY-MM-DD, e.g. the day of the first deploy");
            return null;
        }

        var window = r.Int(renewal, "windowDays", at, 1, 36500, required: true);
        if (window is { } days && days >= intermediateDays)
        {
            r.Error($"{at}.windowDays", $"{days} days leaves no time between renewals: it must be shorter than {path}.intermediateValidityDays ({intermediateDays})");
            return null;
        }

        return text is null || window is null ? null : new IntermediateRenewalSpec(start, window.Value);
    }

    private static RootRotationSpec ParseRotation(ConfigReader r, JsonElement trust, string path)
    {
        var at = $"{path}.rotation";
        if (!ConfigReader.TryGet(trust, "rotation", out var rotation) || !r.IsObject(rotation, at))
        {
            return RootRotationSpec.Idle;
        }

        r.RejectUnknownKeys(rotation, at, "phase", "from", "switched");
        var phaseWord = r.OneOf(rotation, "phase", at, RootRotationSpec.PhaseNames);
        var fromWord = r.OneOf(rotation, "from", at, RootRotationSpec.PhaseNames);
        if (phaseWord is null)
        {
            if (!ConfigReader.TryGet(rotation, "phase", out _))
            {
                r.Error($"{at}.phase", $"is required: one of {string.Join(", ", RootRotationSpec.PhaseNames.Select(p => $"'{p}'"))}");
            }

            return RootRotationSpec.Idle;
        }

        var phase = (RotationPhase)Array.IndexOf(RootRotationSpec.PhaseNames, phaseWord);
        if (fromWord is null && phase != RotationPhase.None)
        {
            if (!ConfigReader.TryGet(rotation, "from", out _))
            {
                r.Error($"{at}.from", $"is required: the phase the stack was last deployed at, e.g. from: {RootRotationSpec.PhaseNames[Math.Max(0, (int)phase - 1)]}");
            }

            return RootRotationSpec.Idle;
        }

        var from = fromWord is null ? RotationPhase.None : (RotationPhase)Array.IndexOf(RootRotationSpec.PhaseNames, fromWord);
        var switched = r.StringList(rotation, "switched", at);
        if (switched.Distinct(StringComparer.Ordinal).Count() != switched.Count)
        {
            r.Error($"{at}.switched", "names a cluster twice; list each cluster once");
        }

        if (switched.Count > 0 && phase is RotationPhase.None or RotationPhase.TrustBoth)
        {
            r.Error($"{at}.switched", $"lists clusters whose intermediate the new root signs, which starts in phase 'switch'; in phase '{phaseWord}' leave it empty");
        }
        else if (switched.Count == 0 && phase == RotationPhase.Switch)
        {
            r.Error($"{at}.switched", "is required in phase 'switch': name the first cluster whose intermediate the new root signs, e.g. [cluster1], and add one cluster per deploy");
        }

        if (RotationRules.Refusal(from, phase) is { } reason)
        {
            r.Error($"{at}.phase", reason);
        }

        return new RootRotationSpec(phase, from, [.. switched]);
    }
}
