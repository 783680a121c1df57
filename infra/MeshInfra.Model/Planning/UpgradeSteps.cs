using MeshInfra.Model.Config;
using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Planning;

/// <summary>
/// The steps of an Istio upgrade (<c>istio.upgradeFrom</c> set) in the order the plan's edges
/// enforce: per cluster, in cluster order, base, then istiod, then the relabelled namespaces, then
/// the gateways; and what the next run does. Empty outside an upgrade.
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
            steps.Add(Step($"istio-base {from.Version} -> {istio.Version} (CRDs; default revision {(canary ? from.Revision : istio.Revision) ?? "default"})"));
            steps.Add(canary
                ? Step($"install {istio.IstiodReleaseName} {istio.Version} beside {oldIstiod} {from.Version}")
                : Step($"{istio.IstiodReleaseName} {from.Version} -> {istio.Version}"));
            var injected = cluster.Objects
                .Where(o => o.Object.Kind == "Namespace" && (o.Object.Metadata.Labels.ContainsKey(IstioLabels.Revision) || o.Object.Metadata.Labels.ContainsKey(IstioLabels.Injection)))
                .Select(o => o.Object.Metadata.Name)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (canary && injected.Count > 0)
            {
                steps.Add(Step($"relabel namespaces {string.Join(", ", injected)} to {Label(istio.Revision)}"));
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
                steps.Add(Step($"by hand: relabel the exported services' namespaces {string.Join(", ", exported)} to {Label(istio.Revision)} (MeshInfra does not manage them): kubectl --context {cluster.Cluster.Context} label namespace <namespace> {Label(istio.Revision)} istio-injection- --overwrite"));
            }

            var gateways = cluster.Releases.Where(r => r.Chart == "gateway").Select(r => r.ReleaseName).ToList();
            steps.Add(Step($"gateways {string.Join(", ", gateways)} -> {istio.Version}{(istio.Revision is { } rev ? $", injected by revision {rev}" : "")}"));
            var restart = injected.Concat(exported).ToList();
            if (restart.Count > 0)
            {
                steps.Add(Step($"by hand, after this run: restart the workloads of {string.Join(", ", restart)} (and of any other namespace with sidecars) to get the {istio.Version} sidecar: kubectl --context {cluster.Cluster.Context} -n <namespace> rollout restart deployment"));
            }
        }

        steps.Add(canary
            ? $"Next run, once every workload runs the new sidecar: remove istio.upgradeFrom; that uninstalls {oldIstiod} ({from.Version}) in every cluster and makes {istio.Revision ?? "default"} the default revision."
            : "Next run: remove istio.upgradeFrom; clusters then install in parallel again.");
        return steps;
    }

    /// <summary>
    /// A version or revision change made without <c>istio.upgradeFrom</c>: every cluster would
    /// upgrade at once (and a revision change would remove the old istiod in the same run).
    /// </summary>
    public static string? Caution(MeshSpec before, MeshSpec after)
    {
        var (was, now) = (before.Istio, after.Istio);
        if ((was.Version == now.Version && was.Revision == now.Revision) || now.UpgradeFrom is not null)
        {
            return null;
        }

        var from = was.Revision is null ? $"version: \"{was.Version}\"" : $"version: \"{was.Version}\", revision: {was.Revision}";
        return $"Istio changes from {was.Version}{(was.Revision is { } r ? $" (revision {r})" : "")} to {now.Version}{(now.Revision is { } n ? $" (revision {n})" : "")} in every cluster at once. "
            + $"To upgrade one cluster at a time{(was.Revision != now.Revision ? " and keep the old control plane until a later run" : "")}, add istio.upgradeFrom: {{{from}}}.";
    }

    private static string Label(string? revision) => revision is null ? $"{IstioLabels.Injection}=enabled" : $"{IstioLabels.Revision}={revision}";
}
