using MeshInfra.Model.Config;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Trust;

/// <summary>A rotation moves one phase per deploy: skipping or reversing a phase is refused with the reason.</summary>
public sealed class RootRotationConfigTests
{
    private static IReadOnlyList<string> Errors(string phase, string from, string[]? switched = null) =>
        Configs.Errors(RotationConfigs.At(phase, from, switched));

    [Fact]
    public void SwitchingBeforeEveryClusterTrustsTheNewRootIsRefused()
    {
        Assert.Equal(
            ["mesh.trust.rotation.phase: 'switch' cannot follow 'none': every cluster must trust the new root before any intermediate chains to it, or clusters that trust only the old root refuse the workloads it signs; deploy 'trustBoth' first (from: none)"],
            Errors("switch", "none", ["east"]));
    }

    [Fact]
    public void DroppingTheOldRootWhileIntermediatesChainToItIsRefused()
    {
        Assert.Equal(
            [
                "mesh.trust.rotation.phase: 'dropOld' cannot follow 'trustBoth': every intermediate still chains to the old root, so dropping it breaks every workload certificate they sign; deploy 'switch' one cluster at a time first",
            ],
            Errors("dropOld", "trustBoth", ["east", "west", "edge"]));
        Assert.Equal(
            ["mesh.trust.rotation.phase: 'dropOld' cannot follow 'none': no intermediate chains to a new root yet, so dropping the old one breaks every workload certificate in the mesh; deploy 'trustBoth', then 'switch' one cluster at a time"],
            Errors("dropOld", "none", ["east", "west", "edge"]));
    }

    [Fact]
    public void DroppingTheOldRootBeforeEveryClusterSwitchedNamesTheClustersLeft()
    {
        Assert.Equal(
            ["mesh.trust.rotation.phase: 'dropOld' needs every cluster's intermediate signed by the new root, and west, edge still chain to the old one: add them to mesh.trust.rotation.switched in phase 'switch', one cluster per deploy, first"],
            Errors("dropOld", "switch", ["east"]));
    }

    [Fact]
    public void GoingBackIsRefused()
    {
        var errors = Errors("trustBoth", "switch");
        Assert.Equal(
            ["mesh.trust.rotation.phase: 'trustBoth' cannot follow 'switch': a rotation only moves forward; going back would re-issue intermediates from the old root while workloads hold certificates of the new one, and the old root's keys are destroyed when 'dropOld' is deployed; finish the rotation and rotate again"],
            errors);
        Assert.Single(Errors("none", "switch"));
        Assert.Equal(
            ["mesh.trust.rotation.phase: 'trustBoth' cannot follow 'dropOld': the rotation is not finished; set phase 'none' (from: dropOld) and raise trust.rootGeneration (or move nextRootCaCert into rootCaCert) before another rotation"],
            Errors("trustBoth", "dropOld"));
    }

    [Fact]
    public void EveryStepOfARotationIsAccepted()
    {
        Assert.Empty(Errors("trustBoth", "none"));
        Assert.Empty(Errors("trustBoth", "trustBoth"));
        Assert.Empty(Errors("switch", "trustBoth", ["east"]));
        Assert.Empty(Errors("switch", "switch", ["east", "west"]));
        Assert.Empty(Errors("dropOld", "switch", ["east", "west", "edge"]));
        Assert.Empty(Errors("none", "dropOld"));
    }

    [Fact]
    public void SwitchNamesKnownClustersAndAtLeastOne()
    {
        Assert.Equal(["mesh.trust.rotation.switched: 'north' is not a cluster of this mesh (known: east, edge, west)"], Errors("switch", "trustBoth", ["north"]));
        Assert.Equal(["mesh.trust.rotation.switched: is required in phase 'switch': name the first cluster whose intermediate the new root signs, e.g. [cluster1], and add one cluster per deploy"], Errors("switch", "trustBoth"));
        Assert.Equal(["mesh.trust.rotation.from: is required: the phase the stack was last deployed at, e.g. from: none"], Configs.Errors(Configs.ThreeClusters, root => root["trust"] = new System.Text.Json.Nodes.JsonObject { ["rotation"] = new System.Text.Json.Nodes.JsonObject { ["phase"] = "trustBoth" } }));
    }

    [Fact]
    public void TheRuleRefusesExactlyTheSkippedAndReversedSteps()
    {
        var phases = Enum.GetValues<RotationPhase>();
        var allowed = phases.SelectMany(a => phases.Select(b => (a, b))).Where(p => RotationRules.Refusal(p.a, p.b) is null).Select(p => $"{p.a}->{p.b}");
        Assert.Equal(
            ["None->None", "None->TrustBoth", "TrustBoth->TrustBoth", "TrustBoth->Switch", "Switch->Switch", "Switch->DropOld", "DropOld->None", "DropOld->DropOld"],
            allowed);
    }
}
