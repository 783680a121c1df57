namespace MeshInfra.Model.Traffic;

/// <summary>
/// Where requests end when some hosts in the load balancer refuse connections (a down gateway not, or not yet,
/// ejected) and the route retries failed connections (<see cref="RouteRetry"/>). Each attempt picks a host as
/// Envoy's load balancer does: a priority by its load, then a host in it (ZoneAwareLoadBalancerBase::chooseHost,
/// source/extensions/load_balancing_policies/common/load_balancer_impl.cc), read here as a draw weighted by each
/// host's share, as LEAST_REQUEST's two random choices among equal hosts make it on average (a host that fails
/// fast has fewer active requests and may be favoured, so the small shares left failing are an estimate). With the previous_hosts
/// predicate a retry draws again, up to 6 times in all, while it lands on a host already tried, and takes the
/// last draw; without it, one draw. A live host answers; a dead one fails the attempt. Under consistentHash every
/// draw for a request gives the same host, so retries never leave a dead one.
/// </summary>
public static class ConnectRetries
{
    public static RetryOutcome Of(IReadOnlyList<RetryHost> endpoints, RouteRetry retry, bool sameHost)
    {
        var answered = new double[endpoints.Count];
        var retries = retry.RetriesConnectFailures && !sameHost ? retry.Retries : 0;
        var failed = Attempt(endpoints, new int[endpoints.Count], retries, 1.0, first: true, retry.OtherHostsFirst, answered, []);
        return new RetryOutcome([.. answered], failed);
    }

    /// <summary>
    /// One attempt of the requests that got this far (<paramref name="weight"/>), with <paramref name="tried"/>
    /// dead hosts per endpoint already tried; adds what live hosts answer to <paramref name="answered"/> and
    /// returns the share that fails for good. Memoised by (tried, retries left): the weight only scales.
    /// </summary>
    private static double Attempt(IReadOnlyList<RetryHost> endpoints, int[] tried, int retriesLeft, double weight, bool first, bool otherHostsFirst, double[] answered, Dictionary<(string, int), (double[] Answered, double Failed)> memo)
    {
        var key = (string.Join(",", tried), retriesLeft);
        if (!first && memo.TryGetValue(key, out var known))
        {
            for (var i = 0; i < answered.Length; i++)
            {
                answered[i] += weight * known.Answered[i];
            }

            return weight * known.Failed;
        }

        var unit = new double[endpoints.Count];
        var failed = 0.0;

        // The share of draws that land on hosts already tried; with the predicate a draw repeats while it does.
        var triedShare = endpoints.Select((e, i) => e.Dead && e.InRotation > 0 ? e.Share * tried[i] / e.InRotation : 0).Sum();
        var repeat = first || !otherHostsFirst ? 1.0 : Geometric(triedShare);
        var again = first || !otherHostsFirst ? triedShare : Math.Pow(triedShare, RouteRetry.HostPicks);
        for (var i = 0; i < endpoints.Count; i++)
        {
            var e = endpoints[i];
            if (e.Share <= 0 || e.InRotation == 0)
            {
                continue;
            }

            var fresh = e.Dead ? e.Share * (e.InRotation - tried[i]) / e.InRotation : e.Share;
            var p = fresh * repeat;
            if (!e.Dead)
            {
                unit[i] += p;
                continue;
            }

            if (p <= 0)
            {
                continue;
            }

            if (retriesLeft == 0)
            {
                failed += p;
                continue;
            }

            var next = (int[])tried.Clone();
            next[i]++;
            failed += Attempt(endpoints, next, retriesLeft - 1, p, first: false, otherHostsFirst, unit, memo);
        }

        // A draw that ends on a host already tried: dead again, and nothing new is learned.
        if (again > 0)
        {
            failed += retriesLeft == 0 ? again : Attempt(endpoints, tried, retriesLeft - 1, again, first: false, otherHostsFirst, unit, memo);
        }

        if (!first)
        {
            memo[key] = (unit, failed);
        }

        for (var i = 0; i < answered.Length; i++)
        {
            answered[i] += weight * unit[i];
        }

        return weight * failed;
    }

    /// <summary>1 + a + ... + a^5: how much a draw's chance of a new host grows when up to 6 draws are made.</summary>
    private static double Geometric(double a) => Enumerable.Range(0, RouteRetry.HostPicks).Sum(k => Math.Pow(a, k));
}
