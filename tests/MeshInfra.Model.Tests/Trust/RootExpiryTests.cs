using System.Text.Json.Nodes;
using MeshInfra.Model.Trust;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Trust;

/// <summary>A root's end of validity and the day its rotation must start, from the config alone, and the warning inside the window.</summary>
public sealed class RootExpiryTests
{
    private static RootExpiry Expiry(string trust, DateOnly? providedNotAfter = null)
    {
        var node = JsonNode.Parse(Configs.ThreeClusters)!.AsObject();
        node["trust"] = JsonNode.Parse(trust);
        var plan = Configs.Plan(node.ToJsonString());
        return RootExpiry.For(plan.Spec.Trust, plan.Trust[0], providedNotAfter);
    }

    [Fact]
    public void AGeneratedRootWithARenewalClockEndsRootValidityDaysAfterTheStartDate()
    {
        var expiry = Expiry("""{"rootValidityDays": 730, "intermediateValidityDays": 365, "renewal": {"startDate": "2026-01-01", "windowDays": 30}}""");
        Assert.Equal((new DateOnly(2028, 1, 1), new DateOnly(2027, 12, 2), 30), (expiry.ExpiresOn, expiry.RotateBy, expiry.WindowDays));
        Assert.Equal(
            "Root mesh:ca/root expires on 2028-01-01 (730 days from trust.renewal.startDate 2026-01-01, the first deploy); it does not renew itself: start its rotation (trust.rotation.phase: trustBoth, then switch one cluster per deploy, then dropOld) by 2027-12-02, 30 days before",
            expiry.Describe(TrustPlanner.CurrentRootId));
        Assert.Null(expiry.Warning(TrustPlanner.CurrentRootId, new DateOnly(2027, 12, 1)));
        Assert.Equal(
            "root mesh:ca/root expires on 2028-01-01, in 30 days (within the 30-day window): start its rotation now (trust.rotation.phase: trustBoth), a rotation takes several deploys",
            expiry.Warning(TrustPlanner.CurrentRootId, new DateOnly(2027, 12, 2)));
        Assert.StartsWith("root mesh:ca/root expired on 2028-01-01: ", expiry.Warning(TrustPlanner.CurrentRootId, new DateOnly(2028, 1, 2)), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutARenewalClockTheDateIsNotKnownAndThePlanSaysHowToShowIt()
    {
        var expiry = Expiry("""{"rootValidityDays": 730, "intermediateValidityDays": 365}""");
        Assert.Null(expiry.ExpiresOn);
        Assert.Equal(RootExpiry.DefaultWindowDays, expiry.WindowDays);
        Assert.Equal(
            "Root mesh:ca/root: valid 730 days from the deploy that created it, a day the stack file does not record (set trust.renewal.startDate to it to see the date here); doctor reports the live root's expiry; it does not renew itself: rotate it (trust.rotation) at least 90 days before it ends",
            expiry.Describe(TrustPlanner.CurrentRootId));
        Assert.Null(expiry.Warning(TrustPlanner.CurrentRootId, new DateOnly(2099, 1, 1)));
    }

    [Fact]
    public void AProvidedRootEndsAtItsCertificatesNotAfterWithTheDefaultWindow()
    {
        var expiry = Expiry("""{"mode": "provided", "intermediateValidityDays": 30}""", new DateOnly(2027, 6, 30));
        Assert.Equal((new DateOnly(2027, 6, 30), new DateOnly(2027, 4, 1)), (expiry.ExpiresOn, expiry.RotateBy));
        Assert.NotNull(expiry.Warning(TrustPlanner.CurrentRootId, new DateOnly(2027, 4, 1)));
        Assert.Null(expiry.Warning(TrustPlanner.CurrentRootId, new DateOnly(2027, 3, 31)));
    }
}
