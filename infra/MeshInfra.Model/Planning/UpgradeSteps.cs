using MeshInfra.Model.Config;
using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Planning;

/// <summary>
/// The steps of an Istio upgrade (<c>istio.upgradeFrom</c> set) in the order the plan's edges
/// enforce: per cluster, in cluster order, base, then istiod, then the relabelled namespaces, then
/// the gateways; in the handover run, base, the old injector's deactivation, then the tag; and what
/// the next run does. Empty outside an upgrade.
/// </summary>
public static class UpgradeSteps
{
    public static IReadOnlyList<string> For(MeshPlan plan)
    {
        var istio = plan.Spec.Istio;
        if (istio.UpgradeFrom is not { } from)
        {
            return [];
        }

        return istio.HandsOver ? Handover(plan, from) : Rollout(plan, from);
    }

    /// <summary>
    /// A version or revision change made without <c>istio.upgradeFrom</c>: every cluster would
    /// upgrade at once (and a revision change would remove the old istiod in the same run). Also
    /// what leaving a canary without its handover, and going back a version in place, would do.
    /// </summary>
    public static string? Caution(MeshSpec before, MeshSpec after)
    {
        var (was, now) = (before.Istio, after.Istio);
        if (now.UpgradeFrom is null && was.UpgradeFrom is { } canary && was.KeepsPreviousControlPlane)
        {
            if (canary.Version == now.Version && canary.Revision == now.Revision)
            {
                // The README's rollback: the old control plane was never touched and stays the default.
                return $"Rolls the canary back: {was.IstiodReleaseName} ({was.Version}) is uninstalled and {IstioSpec.IstiodRelease(canary.Revision)} ({canary.Version}) stays the default revision. Restart the workloads that already run the {was.Version} sidecar.";
            }

            if (was.Version == now.Version && was.Revision == now.Revision)
            {
                return $"Leaves the canary without its handover: {IstioSpec.IstiodRelease(canary.Revision)} is uninstalled last, after the default revision moved, so for a moment two injectors serve istio-injection=enabled"
                    + $"{(canary.Revision is null ? " and pods created then get the old sidecar" : "")}. Run the handover first: istio.upgradeFrom: {{{FromText(canary)}, handover: true}}.";
            }
        }

        if ((was.Version == now.Version && was.Revision == now.Revision) || now.UpgradeFrom is not null)
        {
            return null;
        }

        if (was.Revision == now.Revision && Compare(now.Version, was.Version) < 0)
        {
            // Istio supports proxies at most as new as their control plane, never newer.
            return $"Istio goes back from {was.Version} to {now.Version} in place in every cluster: proxies already restarted on {was.Version} would run newer than their istiod, which Istio does not support. "
                + "Go back by a canary instead (a new revision at the older version, with istio.upgradeFrom naming the running one), or restart every workload right after.";
        }

        return $"Istio changes from {was.Version}{(was.Revision is { } r ? $" (revision {r})" : "")} to {now.Version}{(now.Revision is { } n ? $" (revision {n})" : "")} in every cluster at once. "
            + $"To upgrade one cluster at a time{(was.Revision != now.Revision ? " and keep the old control plane until a later run" : "")}, add istio.upgradeFrom: {{{FromText(new UpgradeFrom(was.Version, was.Revision))}}}.";
    }

    /// <summary>
    /// The Helm releases a change from one plan to the next removes (<see cref="ReleaseRemovals.Between"/>),
    /// one line per cluster in the order they go: after every other change (Pulumi deletes last;
    /// apply.sh uninstalls at its end), the gateways before istiod, and the base chart (the CRDs) never.
    /// </summary>
    public static IReadOnlyList<string> Uninstalls(MeshPlan before, MeshPlan after) =>
        ReleaseRemovals.Between(before, after)
            .GroupBy(r => r.Id.Scope)
            .Select(g => $"{g.Key}: helm uninstall {string.Join(", then ", g.Select(r => $"{r.Namespace}/{r.ReleaseName} ({r.Chart} {r.Version})"))}, after every other change of the run")
            .ToList();

    private static List<string> Rollout(MeshPlan plan, UpgradeFrom from)
    {
        var istio = plan.Spec.Istio;
        var canary = istio.KeepsPreviousControlPlane;
        var oldIstiod = IstioSpec.IstiodRelease(from.Revision);
        var steps = new List<string>
        {
            canary
                ? $"Istio {from.Version} -> {istio.Version}, canary: {istio.IstiodReleaseName} is installed beside {oldIstiod} ({from.Version}); one cluster at a time"
                : $"Istio {from.Version} -> {istio.Version}, in place; one cluster at a time",
        };
        var n = 0;
        foreach (var cluster in plan.Clusters)
        {
            var name = cluster.Cluster.Name;
            string Step(string what) => $"{++n}. {name}: {what}";
            steps.Add(Step($"istio-base {from.Version} -> {istio.Version} (CRDs; default revision {istio.DefaultRevision ?? "default"}{TagText(istio.DefaultRevision)})"));
            steps.Add(canary
                ? Step($"install {istio.IstiodReleaseName} {istio.Version} beside {oldIstiod} {from.Version}")
                : Step($"{istio.IstiodReleaseName} {from.Version} -> {istio.Version}"));
            var injected = InjectedNamespaces(cluster);
            if (canary && injected.Count > 0)
            {
                // Server-side apply drops only the labels MeshInfra's field manager owns, and
                // istio-injection wins over istio.io/rev (doctor's InjectionLabelCheck): say so.
                steps.Add(Step($"relabel namespaces {string.Join(", ", injected)} to {Label(istio.Revision)}; an {IstioLabels.Injection} label someone else set stays and wins, check: kubectl --context {ShellWords.Quote(cluster.Cluster.Context)} get namespace -L {IstioLabels.Injection},{IstioLabels.Revision}"));
            }

            // The namespaces of the exported services running here hold sidecars too, but they are the
            // user's: MeshInfra neither labels nor restarts them, so the steps name them for a person to.
            var exported = plan.Spec.Services.Where(s => s.RunsIn(name)).Select(s => s.Namespace)
                .Where(ns => !injected.Contains(ns, StringComparer.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (canary && exported.Count > 0)
            {
                steps.Add(Step($"by hand: relabel the exported services' namespaces {string.Join(", ", exported)} to {Label(istio.Revision)} (MeshInfra does not manage them): kubectl --context {ShellWords.Quote(cluster.Cluster.Context)} label namespace <namespace> {Label(istio.Revision)} istio-injection- --overwrite"));
            }

            var gateways = cluster.Releases.Where(r => r.Chart == "gateway").Select(r => r.ReleaseName).ToList();
            steps.Add(Step($"gateways {string.Join(", ", gateways)} -> {istio.Version}{(istio.Revision is { } rev ? $", injected by revision {rev}" : "")}"));
            var restart = injected.Concat(exported).ToList();
            if (restart.Count > 0)
            {
                steps.Add(Step($"by hand, after this run: restart the workloads of {string.Join(", ", restart)} (and of any other namespace with sidecars) to get the {istio.Version} sidecar: kubectl --context {ShellWords.Quote(cluster.Cluster.Context)} -n <namespace> rollout restart deployment"));
            }
        }

        steps.Add(canary
            ? $"Next run, once every workload runs the new sidecar: the handover, istio.upgradeFrom: {{{FromText(from)}, handover: true}}; it moves the default revision{TagText(istio.Revision)} to {istio.Revision} and uninstalls {oldIstiod} ({from.Version}) in every cluster."
            : "Next run: remove istio.upgradeFrom; clusters then install in parallel again.");
        return steps;
    }

    private static List<string> Handover(MeshPlan plan, UpgradeFrom from)
    {
        var istio = plan.Spec.Istio;
        var oldIstiod = IstioSpec.IstiodRelease(from.Revision);
        var steps = new List<string>
        {
            $"Istio {from.Version} -> {istio.Version}, handover: the default revision moves from {from.Revision ?? "default"} to {istio.Revision}; one cluster at a time",
        };
        var n = 0;
        foreach (var cluster in plan.Clusters)
        {
            var name = cluster.Cluster.Name;
            string Step(string what) => $"{++n}. {name}: {what}";
            steps.Add(Step($"istio-base: default revision {from.Revision ?? "default"} -> {istio.Revision}"));
            if (from.Revision is null)
            {
                steps.Add(Step($"deactivate the injector of {oldIstiod} (MutatingWebhookConfiguration {InjectorDeactivation.RevisionlessInjector}: every selector matches nothing, as istioctl tag set default does)"));
                steps.Add(Step($"create the revision tag default -> {istio.Revision} (MutatingWebhookConfiguration {RevisionTagWebhook.Name})"));
            }
            else
            {
                steps.Add(Step($"move the revision tag default {from.Revision} -> {istio.Revision} in place (MutatingWebhookConfiguration {RevisionTagWebhook.Name})"));
            }
        }

        steps.Add(from.Revision is null
            ? $"Last in the run, in every cluster: uninstall {oldIstiod} ({from.Version}); the default labels (istio-injection=enabled, sidecar.istio.io/inject=true) are now served by {istio.Revision} through the tag."
            : $"Last in the run, in every cluster: uninstall {oldIstiod} ({from.Version}); pods created in namespaces still labelled {Label(from.Revision)} get no sidecar from then on.");
        steps.Add("Next run: remove istio.upgradeFrom; clusters then install in parallel again.");
        return steps;
    }

    private static List<string> InjectedNamespaces(ClusterPlan cluster) => cluster.Objects
        .Where(o => o.Object.Kind == "Namespace" && (o.Object.Metadata.Labels.ContainsKey(IstioLabels.Revision) || o.Object.Metadata.Labels.ContainsKey(IstioLabels.Injection)))
        .Select(o => o.Object.Metadata.Name)
        .Order(StringComparer.Ordinal)
        .ToList();

    private static string TagText(string? revision) => revision is null ? "" : " and the revision tag default";

    private static string FromText(UpgradeFrom from) => from.Revision is null ? $"version: \"{from.Version}\"" : $"version: \"{from.Version}\", revision: {from.Revision}";

    private static string Label(string? revision) => revision is null ? $"{IstioLabels.Injection}=enabled" : $"{IstioLabels.Revision}={revision}";

    /// <summary>Orders release versions (1.30.3 before 1.31.0-rc.0 before 1.31.1) by their numbers; a pre-release sorts before its release.</summary>
    private static int Compare(string a, string b)
    {
        static (int[] Numbers, bool Release) Parse(string version)
        {
            var dash = version.IndexOf('-', StringComparison.Ordinal);
            var core = dash < 0 ? version : version[..dash];
            return (core.Split('.').Select(p => int.TryParse(p, out var x) ? x : 0).ToArray(), dash < 0);
        }

        var (x, y) = (Parse(a), Parse(b));
        for (var i = 0; i < Math.Max(x.Numbers.Length, y.Numbers.Length); i++)
        {
            var c = x.Numbers.ElementAtOrDefault(i).CompareTo(y.Numbers.ElementAtOrDefault(i));
            if (c != 0)
            {
                return c;
            }
        }

        return x.Release.CompareTo(y.Release);
    }
}
