namespace MeshInfra.Model.Traffic;

/// <summary>
/// The words of every <see cref="VerifyProblemKind"/>, in one place: each method gives its kind and its text,
/// so a test checks the kind and a rewording here changes nothing else.
/// </summary>
public static class VerifyMessages
{
    /// <summary>A failing hop, as the trace writes it (<paramref name="hop"/>: the hop, its reason, the deciding object).</summary>
    public static VerifyProblem HopFails(FailureKind kind, string hop) => new(VerifyProblemKind.HopFails, hop) { Failure = kind };

    public static VerifyProblem NothingReached() => new(VerifyProblemKind.NothingReached, "no pod is reached");

    /// <summary><paramref name="expected"/>: the service asked for (<c>name.namespace</c>), or the rule's destination hosts.</summary>
    public static VerifyProblem WrongService(string arrival, string expected) =>
        new(VerifyProblemKind.WrongService, $"reaches {arrival}, which is not {expected}");

    public static VerifyProblem LeavesOwnCluster(string arrival, string cluster) =>
        new(VerifyProblemKind.LeavesOwnCluster, $"reaches {arrival} in another cluster, though {cluster} runs what is asked for");

    public static VerifyProblem NotPlacedThere(string arrival) =>
        new(VerifyProblemKind.NotPlacedThere, $"reaches {arrival}, which the config does not place there");

    public static VerifyProblem OutsideRegion(string arrival, string cluster, IReadOnlyCollection<string> nearer) =>
        new(VerifyProblemKind.OutsideRegion, $"reaches {arrival} outside {cluster}'s region, though {string.Join(", ", nearer)} in its region {(nearer.Count == 1 ? "runs" : "run")} it");

    /// <summary><paramref name="version"/> empty for pods without a version.</summary>
    public static VerifyProblem ShareMismatch(string version, double got, double wanted) =>
        new(VerifyProblemKind.ShareMismatch, $"version {(version.Length == 0 ? "(none)" : version)} gets {TraceResult.Percent(got)} of requests; the route asks for {TraceResult.Percent(wanted)}");

    public static VerifyProblem UnroutedPathAnswered(IEnumerable<string> reached) =>
        new(VerifyProblemKind.UnroutedPathAnswered, $"a path no rule names reaches {string.Join(", ", reached)}; Envoy would answer it, not 404");

    /// <summary><paramref name="shares"/> as the trace prints them (<c>cluster2 v2 50%, cluster2 v3 50%</c>).</summary>
    public static VerifyProblem MixedVersions(string cluster, string service, IEnumerable<string> routedClients, IEnumerable<string> versions, string shares) =>
        new(VerifyProblemKind.MixedVersions, $"{cluster} has no route for {service} (its route applies to clients in {string.Join(", ", routedClients)}): {cluster}'s requests mix versions {string.Join(", ", versions)} ({shares}); add {cluster} to the route's clients, or give it a route of its own");

    public static VerifyProblem NoSampleHeaderValue() => new(VerifyProblemKind.NoSampleHeaderValue, "no sample value for its regex; use trace --header");

    public static VerifyProblem NoSamplePath() => new(VerifyProblemKind.NoSamplePath, "no sample path for its regex; use trace --path");

    /// <summary><paramref name="request"/> and <paramref name="label"/> as the table prints them; <paramref name="down"/>: the clusters taken down.</summary>
    public static VerifyProblem FailsBeforeEjection(string request, string label, double share, IReadOnlyCollection<string> down) =>
        new(VerifyProblemKind.FailsBeforeEjection, down.Count == 1
            ? $"{request} ({label}): {TraceResult.Percent(share)} of these requests fail after the east-west gateway of {down.First()} goes down and before outlier detection ejects it (the retries pick it again, or the route allows none): Envoy answers 503; run trace with --down for the retries hop"
            : $"{request} ({label}): {TraceResult.Percent(share)} of these requests fail after the east-west gateways of {string.Join(", ", down)} go down and before outlier detection ejects them (the retries pick them again, or the route allows none): Envoy answers 503; run trace with --down for the retries hop");

    public static VerifyProblem IngressNotServed() => new(VerifyProblemKind.IngressNotServed, "no plain-HTTP Gateway server selects its pods");
}
