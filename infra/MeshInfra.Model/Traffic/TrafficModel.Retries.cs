using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>What the route's retries make of the requests that first pick a down gateway still in the load balancer.</summary>
public sealed partial class TrafficModel
{
    /// <summary>The load balancer before ejection (every host healthy as Envoy sees it), or null when no first pick is a down gateway.</summary>
    private static (ImmutableArray<double> FirstPicks, double DeadShare, RetryOutcome Outcome)? Window(List<FailoverHost> planned, List<bool> down, RouteRetry retry, bool sameHost)
    {
        var firstPicks = PriorityLoad.Shares([.. planned.Select(h => h with { Ejected = 0 })]);
        var deadShare = Enumerable.Range(0, planned.Count).Where(i => down[i]).Sum(i => firstPicks[i]);
        return deadShare > 0 ? (firstPicks, deadShare, ConnectRetries.Of([.. planned.Select((h, i) => new RetryHost(firstPicks[i], h.Hosts, down[i]))], retry, sameHost)) : null;
    }

    /// <summary>What the first attempts at down gateways come to once retried: where they end, and what still fails (as parts of them).</summary>
    internal static string RetryText(double share, double deadShare, Func<int, string> owner, IReadOnlyList<bool> down, IReadOnlyList<double> firstPicks, RetryOutcome outcome, RouteRetry retry, bool sameHost)
    {
        var deadOwners = string.Join(", ", Enumerable.Range(0, down.Count).Where(i => down[i] && firstPicks[i] > 0).Select(owner).Distinct(StringComparer.Ordinal));
        var ends = Enumerable.Range(0, down.Count).Where(i => !down[i] && outcome.Answered[i] - firstPicks[i] > 0).GroupBy(owner)
            .Select(g => $"{g.Key} {TraceResult.Percent(g.Sum(i => outcome.Answered[i] - firstPicks[i]) / deadShare)}").ToList();
        var failed = outcome.Failed / deadShare;
        var fails = failed <= 0 ? "none fails" : failed >= 1 - 1e-12 ? "all of them fail" : failed < 0.0001 ? "under 0.01% fail" : $"{TraceResult.Percent(failed)} fail";
        return $"{TraceResult.Percent(share * deadShare)} of requests first dial {deadOwners}'s down gateway and fail to connect; {retry}"
            + (sameHost && retry.RetriesConnectFailures ? " (consistentHash: a retry picks the same host)" : "")
            + ": of those, " + (ends.Count == 0 ? "" : string.Join(", ", ends) + " answered on retry, ") + fails
            + (failed > 0 ? " (503, upstream connect error)" : "");
    }
}
