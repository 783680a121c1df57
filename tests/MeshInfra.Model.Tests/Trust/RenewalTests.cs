using System.Text.Json.Nodes;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Trust;

/// <summary>The renewal clock: each period's intermediate has its own name, so the first deploy of a new period re-issues it.</summary>
public sealed class RenewalTests
{
    private static string WithRenewal(int validity, int window, string start = "2026-01-01")
    {
        var node = JsonNode.Parse(Configs.ThreeClusters)!.AsObject();
        node["trust"] = new JsonObject
        {
            ["intermediateValidityDays"] = validity,
            ["renewal"] = new JsonObject { ["startDate"] = start, ["windowDays"] = window },
        };
        return node.ToJsonString();
    }

    private static PlannedCertificate Intermediate(string json, string today) =>
        MeshPlanner.Plan(Configs.Spec(json), PlanOptions.Default with { Today = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture) })
            .Cluster("west").Resources.OfType<PlannedCertificate>().Single();

    [Fact]
    public void AnIntermediateRenewsAtTheFirstDeployOfTheNextPeriodFromTheSameRoot()
    {
        var json = WithRenewal(validity: 90, window: 30);
        var first = Intermediate(json, "2026-03-01");
        Assert.Equal("west-g1", first.IssueName);
        Assert.Equal("renews at the first deploy from 2026-03-02 (period 0 began 2026-01-01; deploy by 2026-04-01)", first.RenewalText());

        var renewed = Intermediate(json, "2026-03-02");
        Assert.Equal("west-g1-p1", renewed.IssueName);
        Assert.Equal(first.SignedBy, renewed.SignedBy);
        Assert.Equal(new DateOnly(2026, 5, 1), renewed.Renewal!.RenewsOn);
    }

    [Fact]
    public void WithoutRenewalTheNameDoesNotMoveWithTheClock()
    {
        var plan = MeshPlanner.Plan(Configs.Spec(Configs.ThreeClusters), PlanOptions.Default with { Today = new DateOnly(2040, 1, 1) });
        var intermediate = plan.Cluster("west").Resources.OfType<PlannedCertificate>().Single();
        Assert.Equal("west-g1", intermediate.IssueName);
        Assert.Equal("renews only when its generation is raised (no trust.renewal)", intermediate.RenewalText());
    }

    [Fact]
    public void AWindowAsLongAsTheValidityIsRefused()
    {
        Assert.Equal(
            ["mesh.trust.renewal.windowDays: 90 days leaves no time between renewals: it must be shorter than mesh.trust.intermediateValidityDays (90)"],
            Configs.Errors(WithRenewal(validity: 90, window: 90)));
        Assert.Equal(
            ["mesh.trust.renewal.startDate: '01/01/2026' is not a date; write it as YYYY-MM-DD, e.g. the day of the first deploy"],
            Configs.Errors(WithRenewal(validity: 90, window: 30, start: "01/01/2026")));
    }
}
