using MeshInfra.Model.Istio;

namespace MeshInfra.Injection;

/// <summary>
/// Every namespace and pod label combination that selects injection (istio-injection, istio.io/rev,
/// sidecar.istio.io/inject, each absent or at each value that means something), and how many of a
/// cluster's webhooks match it. At most one may ever match (the API server would run both, in name
/// order, and the last injector wins); exactly one must match where the labels ask for injection by
/// a control plane that is installed, and none where they ask for none: istio-injection=enabled, istio.io/rev=default and
/// sidecar.istio.io/inject=true by the default revision, istio.io/rev=&lt;revision&gt; by that revision.
/// A webhook that matches must call an istiod that is installed: one whose Service is not there fails
/// the call, and with the charts' and the tag's failurePolicy Fail the API server rejects the pod.
/// </summary>
public static class InjectionMatrix
{
    /// <summary>Each combination whose count is wrong, as one line naming labels and injectors.</summary>
    public static IEnumerable<string> Violations(ClusterWebhooks cluster, IReadOnlyCollection<string> revisionsSeen)
    {
        var served = cluster.Revisions.Append("default").ToHashSet(StringComparer.Ordinal);
        var running = cluster.Revisions.Select(r => r == "default" ? "istiod" : $"istiod-{r}").ToHashSet(StringComparer.Ordinal);
        string?[] revisionValues = [null, "default", .. revisionsSeen.Where(r => r != "default").Order(StringComparer.Ordinal)];
        string?[] injectionValues = [null, "enabled", "disabled"];
        string?[] injectValues = [null, "true", "false"];
        var webhooks = cluster.Webhooks.ToList();
        foreach (var nsInjection in injectionValues)
        {
            foreach (var nsRevision in revisionValues)
            {
                var ns = Labels((IstioLabels.Injection, nsInjection), (IstioLabels.Revision, nsRevision), ("kubernetes.io/metadata.name", "app"));
                foreach (var podInject in injectValues)
                {
                    foreach (var podRevision in revisionValues)
                    {
                        var pod = Labels((IstioLabels.SidecarInject, podInject), (IstioLabels.Revision, podRevision));
                        var matching = webhooks.Where(w => w.Matches(ns, pod)).ToList();
                        var wanted = Wanted(nsInjection, nsRevision, podInject, podRevision);
                        var must = wanted is not null && served.Contains(wanted);
                        // A pod that asks for no injection (sidecar.istio.io/inject=false, istio-injection=disabled,
                        // no label at all) must get none.
                        if (matching.Count > 1 || (must && matching.Count == 0) || (wanted is null && matching.Count > 0))
                        {
                            var who = matching.Count == 0 ? "no injector" : $"{matching.Count} injectors ({string.Join(", ", matching.Select(m => $"{m.Injector}/{m.Name}"))})";
                            yield return $"namespace {Text(ns)} pod {Text(pod)}: {who}";
                        }
                        else if (matching is [var only] && !running.Contains(only.Injector))
                        {
                            yield return $"namespace {Text(ns)} pod {Text(pod)}: {only.Injector}/{only.Name}, whose istiod is not installed";
                        }
                    }
                }
            }
        }
    }

    /// <summary>The injector a pod with these labels asks for, as Istio documents the labels; null when it asks for none.</summary>
    public static string? Wanted(string? nsInjection, string? nsRevision, string? podInject, string? podRevision)
    {
        if (podInject == "false")
        {
            return null;
        }

        if (nsInjection is not null)
        {
            // istio-injection wins over istio.io/rev on the namespace.
            return nsInjection == "enabled" ? "default" : null;
        }

        if (nsRevision is not null)
        {
            return nsRevision;
        }

        return podRevision ?? (podInject == "true" ? "default" : null);
    }

    /// <summary>The injector (istiod Service) of a fully labelled pod, or null when none or several match.</summary>
    public static string? InjectorOf(ClusterWebhooks cluster, IReadOnlyDictionary<string, string> ns, IReadOnlyDictionary<string, string> pod) =>
        cluster.Webhooks.Where(w => w.Matches(ns, pod)).Select(w => w.Injector).ToList() is [var only] ? only : null;

    public static Dictionary<string, string> Labels(params (string Key, string? Value)[] pairs) =>
        pairs.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);

    private static string Text(Dictionary<string, string> labels) =>
        "{" + string.Join(",", labels.Where(l => l.Key != "kubernetes.io/metadata.name").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
}
