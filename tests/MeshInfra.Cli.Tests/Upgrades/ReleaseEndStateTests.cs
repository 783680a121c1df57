using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Tests.Support;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Tests.Upgrades;

/// <summary>
/// The kubectl path reaches the end state of <c>pulumi up</c> at every step. For each sequence of stack
/// files (first canary, second canary, in-place upgrade, the rollbacks, the gateways' move out of
/// istio-system, a dropped ingress gateway), each step is rendered in the kubectl layout and every
/// cluster's apply.sh runs against a helm that keeps the cluster's releases. Pulumi's releases after the
/// same step are its state less what the plan no longer has (deleted last) plus what it declares. Both
/// must be equal, equal to the plan's own releases, and apply.sh's uninstalls must be exactly the ones
/// <c>diff</c> names, in its order. Someone else's releases with MeshInfra's names, in a namespace
/// MeshInfra never used (even carrying the marker), and one in istio-system whose values lack the
/// marker, are there throughout and never touched.
/// </summary>
public sealed class ReleaseEndStateTests
{
    private static readonly string[] Contexts = ["kind-cluster1", "kind-cluster2"];

    // Installed with the marker (HelmClusters.Install): outside MeshInfra's namespaces it does not matter.
    private static readonly string[] Foreign = ["team-a istio-eastwestgateway", "team-a istio-ingressgateway", "team-a istiod", "team-a istiod-1-31-1"];

    /// <summary>A release with one of MeshInfra's names in istio-system whose values lack the marker: not MeshInfra's to remove.</summary>
    private const string Unmarked = "istio-system istiod-1-29-9";

    public static TheoryData<string> Scenarios => UpgradeStacks.Scenarios;

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void EveryStepLeavesTheKubectlPathWithTheReleasesPulumiUpLeaves(string scenario)
    {
        Assert.NotEqual(UpgradeStacks.Plain131, UpgradeStacks.GatewaysInIstioSystem);
        Assert.NotEqual(UpgradeStacks.Plain131, UpgradeStacks.NoIngressOnCluster2);
        using var temp = new TempDirectory();
        var helm = new HelmClusters(temp);
        var root = CaFiles.Root("root");
        foreach (var (context, i) in Contexts.Select((c, i) => (c, i)))
        {
            helm.Install(context, Foreign);
            helm.InstallWithoutMarker(context, "{\"revision\":\"1-29-9\"}", Unmarked);
            CaFiles.Write(temp.Combine("ca", $"cluster{i + 1}"), root, $"cluster{i + 1}");
        }

        var pulumi = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        MeshPlan? previous = null;
        var steps = UpgradeStacks.Steps(scenario);
        for (var step = 0; step < steps.Length; step++)
        {
            var stack = temp.File("Pulumi.dev.yaml", steps[step]);
            var plan = StackLoader.Load(stack).Plan;
            var removed = previous is null ? [] : ReleaseRemovals.Between(previous, plan);
            var outDir = temp.Combine($"out{step}");
            KubectlRender.Ok(stack, plan, outDir);
            foreach (var (cluster, i) in plan.Clusters.Select((c, i) => (c, i)))
            {
                var name = cluster.Cluster.Name;
                var context = cluster.Cluster.Context;
                var gone = removed.Where(r => r.Id.Scope == name).Select(Key).ToList();
                var planned = cluster.Releases.Select(Key).ToHashSet(StringComparer.Ordinal);
                pulumi[name] = [.. (pulumi.GetValueOrDefault(name) ?? []).Where(r => !gone.Contains(r)).Union(planned)];

                helm.Injector(context, helm.Releases(context).Contains("istio-system istiod"));
                var run = helm.Apply(Path.Combine(outDir, name, KubectlRenderer.Script), temp.Combine("ca", $"cluster{i + 1}"));

                var at = $"{scenario}, step {step}, {name}";
                Assert.True(planned.SetEquals(pulumi[name]), $"{at}: pulumi up would hold {string.Join(", ", pulumi[name].Order())}");
                Assert.Equal([.. pulumi[name].Concat(Foreign).Append(Unmarked).Order(StringComparer.Ordinal)], helm.Releases(context));
                Assert.Contains("apply.sh: leaving Helm release istio-system/istiod-1-29-9 in place: the stack no longer has it, but its values lack the MeshInfra marker", run.Stderr, StringComparison.Ordinal);
                Assert.Equal(
                    gone.Select(r => $"helm uninstall {r.Split(' ')[1]} --namespace {r.Split(' ')[0]} --kube-context {context} --wait").ToList(),
                    run.Calls.Where(c => c.StartsWith("helm uninstall", StringComparison.Ordinal)).ToList());
            }

            previous = plan;
        }
    }

    private static string Key(PlannedRelease release) => $"{release.Namespace} {release.ReleaseName}";
}
