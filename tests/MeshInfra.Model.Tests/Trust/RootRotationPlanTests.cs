using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Trust;

namespace MeshInfra.Model.Tests.Trust;

/// <summary>Each phase's objects: which roots exist, which signs each intermediate, what each cacerts trusts, and istiod's env.</summary>
public sealed class RootRotationPlanTests
{
    private static PlannedCertificate Intermediate(MeshPlan plan, string cluster) =>
        plan.Cluster(cluster).Resources.OfType<PlannedCertificate>().Single();

    private static string? MultiRoot(MeshPlan plan, string cluster) => plan.Release(cluster, "istiod").Values.At("env", "ISTIO_MULTIROOT_MESH") is { } value ? value.Text() : null;

    [Fact]
    public void WithoutARotationOneRootSignsEveryIntermediateUnderItsFirstNames()
    {
        var plan = Configs.Plan(Configs.ThreeClusters);
        Assert.Equal(["mesh:ca/root"], plan.Trust.Select(r => r.Id.ToString()));
        Assert.Equal("east-g1", Intermediate(plan, "east").IssueName);
        Assert.Equal(["mesh:ca/root"], Intermediate(plan, "east").TrustBundle.Select(r => r.ToString()));
        Assert.Null(MultiRoot(plan, "east"));
    }

    [Fact]
    public void TrustBothAddsTheNewRootToEveryTrustBundleAndReissuesNothing()
    {
        var plan = RotationConfigs.Plan("trustBoth", "none");
        Assert.Equal(["mesh:ca/root", "mesh:ca/root-g2"], plan.Trust.Select(r => r.Id.ToString()));
        Assert.Equal("Root CA 2", plan.Trust[1].Certificate.Subject.CommonName);
        foreach (var cluster in new[] { "east", "west", "edge" })
        {
            Assert.Equal(["mesh:ca/root", "mesh:ca/root-g2"], Intermediate(plan, cluster).TrustBundle.Select(r => r.ToString()));
            Assert.Equal("mesh:ca/root", Intermediate(plan, cluster).SignedBy!.ToString());
            Assert.Equal($"{cluster}-g1", Intermediate(plan, cluster).IssueName);
            Assert.Equal("true", MultiRoot(plan, cluster));
        }
    }

    [Fact]
    public void SwitchReissuesOnlyTheNamedClustersFromTheNewRoot()
    {
        var plan = RotationConfigs.Plan("switch", "trustBoth", ["east"]);
        Assert.Equal("mesh:ca/root-g2", Intermediate(plan, "east").SignedBy!.ToString());
        Assert.Equal("east-g1-root-g2", Intermediate(plan, "east").IssueName);
        Assert.Equal("mesh:ca/root", Intermediate(plan, "west").SignedBy!.ToString());
        Assert.Equal("west-g1", Intermediate(plan, "west").IssueName);
        // root-cert.pem keeps the same roots in the same order as in trustBoth: istiod sees no root change.
        Assert.Equal(["mesh:ca/root", "mesh:ca/root-g2"], Intermediate(plan, "west").TrustBundle.Select(r => r.ToString()));
        Assert.Equal(["mesh:ca/root", "mesh:ca/root-g2"], Intermediate(plan, "east").TrustBundle.Select(r => r.ToString()));
    }

    [Fact]
    public void DropOldLeavesOnlyTheNewRootAndFinishingRenamesNothing()
    {
        var dropOld = RotationConfigs.Plan("dropOld", "switch", ["east", "west", "edge"]);
        Assert.Equal(["mesh:ca/root-g2"], dropOld.Trust.Select(r => r.Id.ToString()));
        Assert.Equal(["mesh:ca/root-g2"], Intermediate(dropOld, "edge").TrustBundle.Select(r => r.ToString()));
        Assert.Equal("true", MultiRoot(dropOld, "edge"));

        var finished = RotationConfigs.Plan("none", "dropOld", rootGeneration: 2);
        Assert.Equal(dropOld.Trust.Select(r => (r.Id, r.IssueName)), finished.Trust.Select(r => (r.Id, r.IssueName)));
        Assert.Equal(
            dropOld.Clusters.Select(c => Intermediate(dropOld, c.Cluster.Name).IssueName),
            finished.Clusters.Select(c => Intermediate(finished, c.Cluster.Name).IssueName));
        Assert.Null(MultiRoot(finished, "edge"));
    }

    [Fact]
    public void EachStepReissuesAtMostOneClustersIntermediate()
    {
        var steps = RotationConfigs.Steps();
        for (var i = 1; i < steps.Count; i++)
        {
            var before = steps[i - 1].Plan.Clusters.Select(c => Intermediate(steps[i - 1].Plan, c.Cluster.Name).IssueName);
            var after = steps[i].Plan.Clusters.Select(c => Intermediate(steps[i].Plan, c.Cluster.Name).IssueName);
            Assert.True(after.Except(before).Count() <= 1, $"{steps[i].Step} re-issues {string.Join(", ", after.Except(before))}");
        }
    }

    [Fact]
    public void PlanTextNamesThePhaseAndWhatItChanges()
    {
        var lines = RotationText.Describe(RotationConfigs.Plan("switch", "switch", ["east", "west"]));
        Assert.Equal(
            [
                "Root rotation: phase switch (from switch)",
                "  intermediates signed by the new root mesh:ca/root-g2: east, west (re-issued: new key and certificate, the old ones deleted)",
                "  still signed by the old root mesh:ca/root: edge",
                "  every cacerts still trusts both roots (root-cert.pem unchanged)",
                "  next: add edge to trust.rotation.switched (from: switch), one cluster per deploy",
            ],
            lines);
    }
}
