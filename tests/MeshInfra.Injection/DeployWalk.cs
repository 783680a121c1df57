using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;

namespace MeshInfra.Injection;

/// <summary>
/// A sequence of deploys (one plan per run) played against one cluster's webhook configurations, as
/// <c>pulumi up</c> (and apply.sh) makes them: every planned resource created or updated in the plan's
/// order, then what the run's plan no longer has deleted, last, in reverse order. The injection
/// matrix is checked after every single change; each wrong count is kept with the change that
/// caused it, and each run's end state with who injects the default labels.
/// </summary>
public sealed class DeployWalk
{
    private readonly ClusterWebhooks webhooks = new();
    private readonly HashSet<string> revisionsSeen = new(StringComparer.Ordinal) { "default" };
    private readonly List<string> violations = [];
    private readonly List<string> defaultInjectors = [];
    private ClusterPlan? current;

    public IReadOnlyList<string> Violations => violations;

    /// <summary>Per run, the istiod Service that injects a pod in an istio-injection=enabled namespace once the run is done.</summary>
    public IReadOnlyList<string> DefaultInjectors => defaultInjectors;

    public ClusterWebhooks Webhooks => webhooks;

    /// <summary>The first plan is the running stack (its install is not checked: nothing injects before istiod); each next one a run.</summary>
    public static DeployWalk Of(string cluster, params MeshPlan[] runs)
    {
        var walk = new DeployWalk();
        for (var i = 0; i < runs.Length; i++)
        {
            walk.Run($"run {i + 1}", runs[i].Clusters.Single(c => c.Cluster.Name == cluster), check: i > 0);
        }

        return walk;
    }

    private void Run(string run, ClusterPlan next, bool check)
    {
        foreach (var release in next.Releases.Where(r => r.Chart == "istiod"))
        {
            revisionsSeen.Add(release.Values.At("revision") is ScalarNode { Value: string r } ? r : "default");
        }

        foreach (var resource in next.Resources)
        {
            webhooks.Apply(resource);
            if (check)
            {
                Check($"{run}, after {resource.Id.Name}");
            }
        }

        var kept = next.Resources.Select(r => r.Id).ToHashSet();
        foreach (var gone in (current?.Resources ?? []).Reverse().Where(r => !kept.Contains(r.Id)))
        {
            webhooks.Remove(gone);
            Check($"{run}, after deleting {gone.Id.Name}");
        }

        current = next;
        defaultInjectors.Add(InjectionMatrix.InjectorOf(
            webhooks,
            InjectionMatrix.Labels(("istio-injection", "enabled")),
            InjectionMatrix.Labels()) ?? "(none or several)");
    }

    private void Check(string step) => violations.AddRange(InjectionMatrix.Violations(webhooks, revisionsSeen).Select(v => $"{step}: {v}"));
}
