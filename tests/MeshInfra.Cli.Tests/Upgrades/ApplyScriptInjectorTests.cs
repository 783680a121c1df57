using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace MeshInfra.Cli.Tests.Upgrades;

/// <summary>
/// The kubectl path never leaves a pod with two injectors or, asking for one, with none: every change
/// each cluster's apply.sh makes, at every step of the first canary, the second canary (revisioned to
/// revisioned), the in-place upgrade, both rollbacks and the gateways' changes, is played into the
/// cluster's webhook configurations (istiod's from the chart's templates and the values file it was
/// given, MeshInfra's from the rendered objects), and after each one every injection label and selector
/// must have exactly one injector, except where pulumi up has the same gap; each step must end with the
/// webhook configurations pulumi up leaves (<see cref="InjectorWalk"/>).
/// </summary>
public sealed class ApplyScriptInjectorTests(ITestOutputHelper output)
{
    public static TheoryData<string> Scenarios => UpgradeStacks.Scenarios;

    /// <summary>The deactivation patch's apply, at the cluster's own layer (NN-).</summary>
    private const string Deactivation = @"kubectl apply --server-side \d\d-mutatingwebhookconfiguration-istio-sidecar-injector\.yaml";

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void EveryChangeOfApplyShLeavesOneInjectorPerLabelAndEveryStepEndsWherePulumiUpEnds(string scenario)
    {
        var walk = InjectorWalk.Of(scenario);
        foreach (var line in walk.Walked)
        {
            output.WriteLine(line);
        }

        // The first lines whole: a wrong count names the call, the labels and the injectors that match.
        Assert.True(walk.Failures.Count == 0, $"{walk.Failures.Count} failures (a wrong count outside the gap pulumi up has, or an end unlike pulumi up's), first:\n{string.Join('\n', walk.Failures.Take(5))}");
        if (scenario is "first canary" or "handover run again")
        {
            // The handover (step 2) in each cluster: between the old injector's deactivation and the tag,
            // nothing injects the default labels, as in Istio's own order; the next change closes it.
            // Run again, the handover finds the old injector gone and patches nothing.
            foreach (var cluster in new[] { "cluster1", "cluster2" })
            {
                Assert.Contains(walk.Violations, v => Regex.IsMatch(v, $"^{scenario}, step 2, {cluster}, after {Deactivation}: " + Regex.Escape("namespace {istio-injection=enabled} pod {}: no injector") + "$"));
            }

            Assert.All(walk.Violations, v => Assert.Matches($"^{scenario}, step 2, cluster[12], after {Deactivation}: .*: no injector$", v));
        }
        else
        {
            Assert.Empty(walk.Violations);
        }
    }

    [Fact]
    public void TheTagAppliedBeforeTheOldInjectorIsDeactivatedGivesPodsTwoInjectors()
    {
        // The walk can fail: the handover's apply.sh with the tag moved above the deactivation.
        var walk = InjectorWalk.Of("first canary", (step, cluster, script) => step == 2 && cluster == "cluster1" ? TagFirst(script) : script);

        Assert.Contains(
            "first canary, step 2, cluster1, after kubectl apply 11-mutatingwebhookconfiguration-istio-revision-tag-default.yaml: namespace {istio-injection=enabled} pod {}: 2 injectors (istiod/namespace.sidecar-injector.istio.io, istiod-1-31-1/namespace.sidecar-injector.istio.io)",
            walk.Violations);
        Assert.Contains(walk.Failures, f => f.StartsWith("first canary, step 2, cluster1: apply.sh leaves [", StringComparison.Ordinal));
        Assert.DoesNotContain(walk.Failures, f => f.Contains("cluster2", StringComparison.Ordinal));
    }

    [Fact]
    public void AHandoverThatKeepsTheOldIstiodEndsElsewhereThanPulumiUp()
    {
        // And the end state is compared: without the uninstall, the deactivated injector stays.
        var walk = InjectorWalk.Of("first canary", (step, cluster, script) => step == 2 ? script.Replace("  helm uninstall \"$release\"", "  : helm uninstall \"$release\"", StringComparison.Ordinal) : script);

        Assert.Contains("first canary, step 2, cluster1: apply.sh ends with webhook configurations [istio-revision-tag-default, istio-sidecar-injector, istio-sidecar-injector-1-31-1], pulumi up with [istio-revision-tag-default, istio-sidecar-injector-1-31-1]", walk.Failures);
    }

    [Fact]
    public void TheOldRevisionUninstalledBeforeTheTagMovesLeavesTheDefaultLabelsOnAnIstiodThatIsGone()
    {
        // And a webhook must call an installed istiod: the second handover with istiod-1-31-1 uninstalled
        // right after istiod-1-31-2's upgrade, before the tag moves to it (the removal step then finds it gone).
        var walk = InjectorWalk.Of("second canary", (step, cluster, script) => step == 2 && cluster == "cluster1"
            ? script.Replace("--values \"$here/helm/04-istiod-1-31-2.values.yaml\" --wait\n", "--values \"$here/helm/04-istiod-1-31-2.values.yaml\" --wait\nhelm uninstall istiod-1-31-1 --namespace istio-system --kube-context kind-cluster1 --wait\n", StringComparison.Ordinal)
            : script);

        Assert.Contains(
            "second canary, step 2, cluster1, after helm uninstall istiod-1-31-1: namespace {istio-injection=enabled} pod {}: istiod-1-31-1/namespace.sidecar-injector.istio.io, whose istiod is not installed",
            walk.Violations);
        Assert.Contains(walk.Failures, f => f.StartsWith("second canary, step 2, cluster1: apply.sh leaves [", StringComparison.Ordinal));
        Assert.DoesNotContain(walk.Failures, f => f.Contains("ends with", StringComparison.Ordinal));
    }

    /// <summary>The tag's apply line moved above the deactivation's existence check.</summary>
    private static string TagFirst(string script)
    {
        var lines = script.Split('\n').ToList();
        var tag = lines.FindIndex(l => l.Contains("-mutatingwebhookconfiguration-istio-revision-tag-default.yaml", StringComparison.Ordinal));
        var check = lines.FindIndex(l => l.StartsWith("if kubectl ", StringComparison.Ordinal) && l.Contains(" get mutatingwebhookconfiguration istio-sidecar-injector ", StringComparison.Ordinal));
        Assert.True(tag > check && check > 0, script);
        var line = lines[tag];
        lines.RemoveAt(tag);
        lines.Insert(check, line);
        return string.Join('\n', lines);
    }
}
