using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// ConnectRetries memoises an attempt by (hosts tried per endpoint, retries left). The Stryker run over
/// Traffic/ConnectRetries.cs (issue 17, docs/quality.md, mutant 8147) showed no test where two different states
/// could share a key: that needs an endpoint with 10 or more hosts tried, so names resolving to 10 or more
/// addresses (<c>--resolves</c>) and a route retrying 11 times or more.
/// </summary>
public sealed class ConnectRetriesMemoMutantTests
{
    /// <summary>
    /// Envoy draws hosts, not endpoints: a down name resolving to 11 addresses is 11 hosts of one share each,
    /// whether the model holds them as one endpoint or as two (6 and 5). With 11 retries preferring hosts not tried,
    /// the grouped form reaches both "1 of A and 10 of B tried" and "11 of A, none of B" with one retry left; those
    /// states differ (A's hosts carry 0.6/11 each, B's 0.3/11), and the split form never counts past 6, so its
    /// answer does not depend on how the counts are written into the key.
    /// </summary>
    [Fact]
    public void HostsOfOneNameFailAsManyRetriesWhetherHeldAsOneEndpointOrTwo()
    {
        var retry = RouteRetry.IstioDefault with { Retries = 11 };
        var grouped = ConnectRetries.Of([new(0.6, 11, Dead: true), new(0.3, 11, Dead: true), new(0.1, 1, Dead: false)], retry, sameHost: false);
        var split = ConnectRetries.Of(
            [new(0.6 * 6 / 11, 6, Dead: true), new(0.6 * 5 / 11, 5, Dead: true), new(0.3 * 6 / 11, 6, Dead: true), new(0.3 * 5 / 11, 5, Dead: true), new(0.1, 1, Dead: false)],
            retry,
            sameHost: false);

        Assert.InRange(grouped.Failed, 0.1, 0.2);
        Assert.Equal(split.Failed, grouped.Failed, 12);
        Assert.Equal(split.Answered[4], grouped.Answered[2], 12);
        Assert.Equal(1.0, grouped.Failed + grouped.Answered[2], 12);
    }
}
