using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Trust;

/// <summary>
/// verify over every state a rotation passes through: while workloads renew their certificates, some
/// hold the deployed plan's trust and some the next one's. Every allowed step keeps every path; a
/// skipped phase breaks the paths whose client and server roots do not overlap, at the TLS hop.
/// </summary>
public sealed class RotationTrafficTests
{
    private static string Placeholder(DeferredValue value) => value.Placeholder;

    private static List<string> Failures(MeshPlan deployed, MeshPlan next) =>
        RotationTraffic.States(deployed, next, Placeholder)
            .SelectMany(s => MeshVerifier.Verify(next.Spec, s.Traffic.Model(Placeholder)).Where(c => !c.Passed)
                .Select(c => $"{s.State}: {c.Request.Cluster} -> {c.Request.Host}: {string.Join("; ", c.Problems)}"))
            .ToList();

    [Fact]
    public void NoPathFailsInAnyStateOfAnAllowedRotation()
    {
        var steps = RotationConfigs.Steps();
        for (var i = 1; i < steps.Count; i++)
        {
            Assert.True(Failures(steps[i - 1].Plan, steps[i].Plan) is { Count: 0 } none, $"{steps[i - 1].Step} -> {steps[i].Step}: {string.Join("\n", Failures(steps[i - 1].Plan, steps[i].Plan))}");
        }
    }

    [Fact]
    public void SkippingTrustBothBreaksEveryPathIntoTheSwitchedClusterFromClientsThatTrustOnlyTheOldRoot()
    {
        var deployed = Configs.Plan(Configs.ThreeClusters);
        // What 'switch' would deploy if it were allowed over 'none' (the config refuses it: RootRotationConfigTests).
        var skipped = RotationConfigs.Plan("switch", "trustBoth", ["east"]);
        var failures = Failures(deployed, skipped);
        Assert.Equal(
            [
                // east's own clients that have not renewed yet refuse east's renewed servers, and the other clusters' clients too.
                "clients deployed, servers next: east -> cart.shop.global: tls: east/shop/cart presents a certificate chaining to mesh:ca/root-g2, which east's client does not trust (it trusts mesh:ca/root) [east Deployment shop/cart]",
                "clients deployed, servers next: west -> cart.shop.global: tls: east/shop/cart presents a certificate chaining to mesh:ca/root-g2, which west's client does not trust (it trusts mesh:ca/root) [east Deployment shop/cart]",
                "clients deployed, servers next: edge -> cart.shop.global: tls: east/shop/cart presents a certificate chaining to mesh:ca/root-g2, which edge's client does not trust (it trusts mesh:ca/root) [east Deployment shop/cart]",
                // east's renewed clients are refused by every server that has not renewed (all of west and edge).
                "clients next, servers deployed: east -> cart.shop.global: tls: east/shop/cart does not trust east's client certificate, which chains to mesh:ca/root-g2 (it trusts mesh:ca/root) [east Deployment shop/cart]",
                "clients next, servers deployed: east -> pay.shop.global: tls: west/shop/pay does not trust east's client certificate, which chains to mesh:ca/root-g2 (it trusts mesh:ca/root) [west Deployment shop/pay]",
                "clients next, servers deployed: east -> stock.inv.global: tls: edge/inv/stock does not trust east's client certificate, which chains to mesh:ca/root-g2 (it trusts mesh:ca/root) [edge Deployment inv/stock]",
            ],
            failures);
    }

    [Fact]
    public void DroppingTheOldRootBeforeSwitchingBreaksPathsBothWays()
    {
        var deployed = RotationConfigs.Plan("trustBoth", "none");
        var skipped = RotationConfigs.Plan("dropOld", "switch", ["east", "west", "edge"]);
        var failures = Failures(deployed, skipped);
        Assert.Contains(failures, f => f.StartsWith("clients next, servers deployed: east -> pay.shop.global: tls:", StringComparison.Ordinal) && f.Contains("chaining to mesh:ca/root, which east's client does not trust (it trusts mesh:ca/root-g2)", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("clients deployed, servers next: east -> pay.shop.global: tls:", StringComparison.Ordinal) && f.Contains("does not trust east's client certificate, which chains to mesh:ca/root", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.StartsWith("clients next, servers next", StringComparison.Ordinal));
    }
}
