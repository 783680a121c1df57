using System.Text.Json.Nodes;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Trust;

/// <summary>
/// How long an intermediate lives when the stack does not say (issue 21, item 4): a year where
/// renewal re-issues it, as long as the root where nothing would.
/// </summary>
public sealed class IntermediateLifetimeDefaultTests
{
    private static PlannedCertificate Intermediate(JsonObject trust)
    {
        var node = JsonNode.Parse(Configs.ThreeClusters)!.AsObject();
        node["trust"] = trust;
        var plan = MeshPlanner.Plan(Configs.Spec(node.ToJsonString()), PlanOptions.Default with { Today = new DateOnly(2026, 12, 5) });
        return plan.Cluster("west").Resources.OfType<PlannedCertificate>().Single();
    }

    private static JsonObject Renewal(int window = 30) => new() { ["startDate"] = "2026-12-01", ["windowDays"] = window };

    [Fact]
    public void WithRenewalAnIntermediateLivesAYearByDefault()
    {
        var intermediate = Intermediate(new JsonObject { ["renewal"] = Renewal() });
        Assert.Equal(365, intermediate.Certificate.ValidityDays);
        Assert.Equal("renews at the first deploy from 2027-11-01 (period 0 began 2026-12-01; deploy by 2027-12-01)", intermediate.RenewalText());
    }

    [Fact]
    public void WithoutRenewalItLivesAsLongAsTheRootAsBefore()
    {
        Assert.Equal(3650, Intermediate(new JsonObject { ["mode"] = "generated" }).Certificate.ValidityDays);
    }

    [Fact]
    public void AGivenLifetimeWinsAndANeverShorterRootCapsTheDefault()
    {
        Assert.Equal(90, Intermediate(new JsonObject { ["intermediateValidityDays"] = 90, ["renewal"] = Renewal() }).Certificate.ValidityDays);
        Assert.Equal(200, Intermediate(new JsonObject { ["rootValidityDays"] = 200, ["renewal"] = Renewal() }).Certificate.ValidityDays);
    }

    [Fact]
    public void AWindowAsLongAsTheDefaultLifetimeIsRefusedNamingIt()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root => root["trust"] = new JsonObject { ["renewal"] = Renewal(window: 365) });
        Assert.Equal(["mesh.trust.renewal.windowDays: 365 days leaves no time between renewals: it must be shorter than mesh.trust.intermediateValidityDays (365)"], errors);
    }
}
