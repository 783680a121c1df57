using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17: the survivors of the 9f80ae2 run that differ only at a threshold's exact value (Retries.cs 11230 and 11236,
/// MeshVerifier.cs 9792 and 9804). No route is known to give those values, and none was shown impossible, so the
/// thresholds are held at the value itself: what the retries hop says of a failed share of exactly 0.01% and of exactly
/// 1 - 1e-12, whether a share off by exactly the tolerance is a mismatch, and whether exactly 1% failing before
/// ejection is warned of.
/// </summary>
public sealed class ThresholdMutantTests
{
    private static string Retried(double failed) =>
        TrafficModel.RetryText(1, 1, i => i == 0 ? "east" : "west", [true, false], [1, 0], new RetryOutcome([0, 1 - failed], failed), RouteRetry.IstioDefault, sameHost: false);

    private const string Head = "100% of requests first dial east's down gateway and fail to connect; Istio's default retry policy: 2 retries on a failed connection, each preferring a host not tried (previous_hosts, up to 6 picks): of those, ";

    /// <summary>Mutant 11236: exactly 0.01% failing is "0.01% fail", not "under 0.01%"; just below it is.</summary>
    [Fact]
    public void AFailedShareOfExactlyAHundredthOfAPercentIsStatedAsSuch()
    {
        Assert.Equal(Head + "west 99.99% answered on retry, 0.01% fail (503, upstream connect error)", Retried(0.0001));
        Assert.Equal(Head + "west 99.99% answered on retry, under 0.01% fail (503, upstream connect error)", Retried(0.0001 - 1e-12));
    }

    /// <summary>Mutant 11230: a failed share of 1 - 1e-12 (rounding's distance from all) is "all of them fail".</summary>
    [Fact]
    public void AFailedShareWithinRoundingOfAllIsAllOfThem()
    {
        Assert.Equal(Head + "west 0% answered on retry, all of them fail (503, upstream connect error)", Retried(1 - 1e-12));
        Assert.Equal(Head + "west 0% answered on retry, 100% fail (503, upstream connect error)", Retried(1 - 1e-11));
    }

    /// <summary>Mutant 9792: a share off by exactly the tolerance is rounding, not a mismatch; by more, it is.</summary>
    [Fact]
    public void AShareOffByExactlyTheToleranceIsNoMismatch()
    {
        Assert.False(MeshVerifier.SharesDiffer(MeshVerifier.Tolerance, 0));
        Assert.True(MeshVerifier.SharesDiffer(2 * MeshVerifier.Tolerance, 0));
    }

    /// <summary>Mutant 9804: exactly 1% failing before ejection is warned of; less is not.</summary>
    [Fact]
    public void ExactlyOnePercentFailingBeforeEjectionIsWarnedOf()
    {
        Assert.True(MeshVerifier.WorthAWindowWarning(MeshVerifier.WindowWarningShare));
        Assert.False(MeshVerifier.WorthAWindowWarning(0.0099));
    }
}
