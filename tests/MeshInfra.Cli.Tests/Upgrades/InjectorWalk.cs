using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Tests.Support;
using MeshInfra.Injection;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Tests.Upgrades;

/// <summary>
/// One scenario's steps (<see cref="UpgradeStacks.Steps"/>) rendered in the kubectl layout, each
/// cluster's apply.sh run against stand-ins that keep its Helm releases and answer for its webhook
/// configurations, and every call it made played into that cluster's webhook configurations
/// (<see cref="ApplyScriptWebhookWalk"/>). Beside it, the same plans walked in Pulumi's order
/// (<see cref="DeployWalk"/>). What differs is kept as a failure: a wrong injector count that pulumi up
/// does not have at the same run, one anywhere but right after the old injector's deactivation (the
/// one gap Istio's own order leaves), or a step that ends with other webhook configurations.
/// </summary>
internal sealed class InjectorWalk
{
    private readonly List<string> failures = [];
    private readonly List<string> walked = [];
    private readonly Dictionary<string, ApplyScriptWebhookWalk> clusters = new(StringComparer.Ordinal);

    /// <summary>Every difference from pulumi up, and every wrong count outside the deactivation gap.</summary>
    public IReadOnlyList<string> Failures => failures;

    /// <summary>Per step and cluster, how many changes apply.sh made, after how many the matrix was checked, and how many wrong counts it found.</summary>
    public IReadOnlyList<string> Walked => walked;

    /// <summary>Every wrong count of every cluster, in the order the calls were made.</summary>
    public IEnumerable<string> Violations => clusters.Values.SelectMany(c => c.Violations);

    public ApplyScriptWebhookWalk Cluster(string name) => clusters[name];

    /// <summary>
    /// Walks <paramref name="scenario"/>. <paramref name="edit"/>, when given, rewrites a rendered apply.sh
    /// before it runs (step, cluster, script text): how a test breaks the order on purpose.
    /// </summary>
    public static InjectorWalk Of(string scenario, Func<int, string, string, string>? edit = null)
    {
        var walk = new InjectorWalk();
        using var temp = new TempDirectory();
        var helm = new HelmClusters(temp);
        var root = CaFiles.Root("root");
        var plans = new List<MeshPlan>();
        var revisionsSeen = new HashSet<string>(StringComparer.Ordinal) { "default" };
        var steps = UpgradeStacks.Steps(scenario);
        for (var step = 0; step < steps.Length; step++)
        {
            var stack = temp.File("Pulumi.dev.yaml", steps[step]);
            var plan = StackLoader.Load(stack).Plan;
            plans.Add(plan);
            revisionsSeen.UnionWith(plan.Clusters.SelectMany(c => c.Releases).Where(r => r.Chart == "istiod")
                .Select(r => r.Values.At("revision") is ScalarNode { Value: string rev } ? rev : "default"));
            var outDir = temp.Combine($"out{step}");
            KubectlRender.Ok(stack, plan, outDir);
            foreach (var cluster in plan.Clusters)
            {
                var name = cluster.Cluster.Name;
                var context = cluster.Cluster.Context;
                var ca = temp.Combine("ca", name);
                if (step == 0)
                {
                    CaFiles.Write(ca, root, name);
                }

                var clusterWalk = walk.clusters.TryGetValue(name, out var w) ? w : walk.clusters[name] = new ApplyScriptWebhookWalk();
                helm.WebhookConfigurations(context, clusterWalk.Webhooks.ConfigNames);
                helm.Labelled(context, clusterWalk.Labelled);
                var script = Path.Combine(outDir, name, KubectlRenderer.Script);
                if (edit is not null)
                {
                    File.WriteAllText(script, edit(step, name, File.ReadAllText(script)));
                }

                helm.Apply(script, ca);
                var at = $"{scenario}, step {step}, {name}";
                // The first step is the running stack, installed from nothing: before its istiod nothing
                // injects, so it is checked only where it creates pods (the Pulumi-order walk does not check its first run).
                var before = clusterWalk.Violations.Count;
                var (changes, checks) = clusterWalk.Play(at, helm.Transcript, revisionsSeen, everyChange: step > 0);
                walk.walked.Add($"{at}: {changes} changes, matrix checked after {checks}{(step > 0 ? "" : " (install: the pod-creating ones)")}, {clusterWalk.Violations.Count - before} wrong counts");
                walk.Compare(at, step, clusterWalk, DeployWalk.Of(name, [.. plans]));
            }
        }

        return walk;
    }

    private void Compare(string at, int step, ApplyScriptWebhookWalk kubectl, DeployWalk pulumi)
    {
        var ours = kubectl.Violations.Where(v => v.StartsWith(at + ", ", StringComparison.Ordinal)).ToList();
        var theirs = pulumi.Violations.Where(v => v.StartsWith($"run {step + 1}, ", StringComparison.Ordinal)).ToList();
        if (!Outcomes(ours).SequenceEqual(Outcomes(theirs)))
        {
            failures.Add($"{at}: apply.sh leaves [{string.Join("; ", ours)}] where pulumi up leaves [{string.Join("; ", theirs)}]");
        }

        foreach (var v in ours.Where(v => !v.Contains(", after kubectl apply --server-side ", StringComparison.Ordinal) || !v.EndsWith(": no injector", StringComparison.Ordinal)))
        {
            failures.Add($"{v} (outside the deactivation gap)");
        }

        var kubectlEnd = kubectl.Webhooks.ConfigNames.ToList();
        var pulumiEnd = pulumi.Webhooks.ConfigNames.ToList();
        if (!kubectlEnd.SequenceEqual(pulumiEnd))
        {
            failures.Add($"{at}: apply.sh ends with webhook configurations [{string.Join(", ", kubectlEnd)}], pulumi up with [{string.Join(", ", pulumiEnd)}]");
            return;
        }

        foreach (var config in kubectlEnd.Where(c => !kubectl.Webhooks.Config(c)!.SequenceEqual(pulumi.Webhooks.Config(c)!, WebhookComparer.Instance)))
        {
            failures.Add($"{at}: {config} ends with other webhooks or selectors than pulumi up leaves");
        }
    }

    /// <summary>A wrong count without the call that caused it (the two walks name their steps differently), sorted.</summary>
    private static IEnumerable<string> Outcomes(IEnumerable<string> violations) =>
        violations.Select(v => v[(v.IndexOf(": ", StringComparison.Ordinal) + 2)..]).Order(StringComparer.Ordinal);
}
