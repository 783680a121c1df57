using MeshInfra.Model.Config;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// Someone else's Sidecar, AuthorizationPolicy or PeerAuthentication that changes one of MeshInfra's
/// paths: a Sidecar whose egress leaves out the global hosts, an authorization policy on the owner
/// pods that can refuse requests, a PeerAuthentication that turns mTLS off for them.
/// </summary>
internal static class PolicyShadowCheck
{
    public const string Check = "shadowed";
    private const string Root = IstioLabels.IstioSystem;
    private const int ShownHosts = 3;

    public static void Run(DoctorRun run, DocReader read, LiveObjects live, HashSet<(string Kind, string Namespace, string Name)> ours)
    {
        if (!run.SkipUnread(live, Check, "Sidecars narrowing egress", "Sidecar"))
        {
            Sidecars(run, read, live, ours);
        }

        // Which policies apply is decided on the owner pods' labels: without the Pods, neither is known.
        var owners = Owners(run.Plan.Spec, live, read);
        if (!run.SkipUnread(live, Check, "AuthorizationPolicies on the owner pods", "AuthorizationPolicy", "Pod"))
        {
            AuthorizationPolicies(run, read, live, ours, owners);
        }

        if (!run.SkipUnread(live, Check, "PeerAuthentications on the owner pods", "PeerAuthentication", "Pod"))
        {
            PeerAuthentications(run, read, live, ours, owners);
        }
    }

    private static void Sidecars(DoctorRun run, DocReader read, LiveObjects live, HashSet<(string, string, string)> ours)
    {
        var globalHosts = run.Plan.GlobalHosts.Select(h => h.Host).ToList();
        foreach (var doc in live.OfKind("Sidecar"))
        {
            var order = LiveOrder.Of(doc, read);
            if (ours.Contains(("Sidecar", order.Namespace, order.Name)))
            {
                continue;
            }

            run.Count(Check);
            var egress = DocReader.Items(doc.At("spec", "egress")).OfType<MapNode>().ToList();
            if (egress.Count == 0)
            {
                continue; // no egress section: the proxy imports every service it can see
            }

            var imports = egress.SelectMany(e => read.Strings(e["hosts"])).Select(h => h.Split('/', 2)).Where(p => p.Length == 2).ToList();

            // MeshInfra's ServiceEntries live in istio-system and are public.
            bool Imported(string host) => imports.Any(p => (p[0] == "*" || p[0] == Root || (p[0] == "." && order.Namespace == Root)) && IstioHost.Covers(p[1], host));
            var missing = globalHosts.Where(h => !Imported(h)).ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            var described = LiveObjects.Describe("Sidecar", order.Namespace, order.Name);
            var scope = doc.At("spec", "workloadSelector") is not null ? $"the pods it selects in {order.Namespace}"
                : order.Namespace == Root ? "every namespace without a Sidecar of its own" : $"every pod in {order.Namespace}";
            run.Find(live.Name, FindingKind.Shadowed, described, $"{described} narrows egress for {scope}: it does not import {missing.Count} of MeshInfra's {globalHosts.Count} global hosts ({string.Join(", ", missing.Take(ShownHosts))}{(missing.Count > ShownHosts ? ", ..." : "")}), so those requests get no route", DoctorRules.Sidecar, $"add \"{Root}/*.{run.Plan.Spec.GlobalDomain}\" to its egress hosts");
        }
    }

    /// <summary>The owner pods' labels per namespace: pods of exported services that run in this cluster.</summary>
    private static Dictionary<string, List<(string Service, IReadOnlyDictionary<string, string> Labels)>> Owners(MeshSpec spec, LiveObjects live, DocReader read)
    {
        var services = spec.Services.Where(s => s.RunsIn(live.Name)).ToLookup(s => (s.Namespace, s.Name));
        var owners = new Dictionary<string, List<(string, IReadOnlyDictionary<string, string>)>>(StringComparer.Ordinal);
        foreach (var pod in live.OfKind("Pod"))
        {
            var ns = read.Str(pod.At("metadata", "namespace")) ?? "";
            var labels = LiveObjects.Labels(pod, read);
            if (labels.GetValueOrDefault("app") is { } app && services[(ns, app)].Any())
            {
                if (!owners.TryGetValue(ns, out var list))
                {
                    owners[ns] = list = [];
                }

                list.Add(($"{app}.{ns}", labels));
            }
        }

        return owners;
    }

    /// <summary>The owner services whose pods a policy in <paramref name="ns"/> with this selector applies to (root namespace: all).</summary>
    private static List<string> Selected(Dictionary<string, List<(string Service, IReadOnlyDictionary<string, string> Labels)>> owners, string ns, IReadOnlyDictionary<string, string> selector)
    {
        var pods = ns == Root ? owners.Values.SelectMany(p => p) : owners.GetValueOrDefault(ns) ?? [];
        return [.. pods.Where(p => selector.All(s => p.Labels.TryGetValue(s.Key, out var v) && v == s.Value)).Select(p => p.Service).Distinct().Order(StringComparer.Ordinal)];
    }

    private static void AuthorizationPolicies(DoctorRun run, DocReader read, LiveObjects live, HashSet<(string, string, string)> ours, Dictionary<string, List<(string Service, IReadOnlyDictionary<string, string> Labels)>> owners)
    {
        foreach (var doc in live.OfKind("AuthorizationPolicy"))
        {
            var order = LiveOrder.Of(doc, read);
            if (ours.Contains(("AuthorizationPolicy", order.Namespace, order.Name)))
            {
                continue;
            }

            run.Count(Check);
            var spec = doc["spec"] as MapNode ?? MapNode.Empty;
            var action = read.Str(spec["action"]) ?? "ALLOW";
            var rules = DocReader.Items(spec["rules"]).ToList();
            var refuses = action switch
            {
                // DENY with no rule matches nothing; ALLOW with an empty rule allows everything.
                "DENY" => rules.Count > 0,
                "ALLOW" => !rules.Any(r => r is MapNode { Count: 0 }),
                "CUSTOM" => true,
                _ => false, // AUDIT only logs
            };
            var selected = Selected(owners, order.Namespace, read.StringMap(spec.At("selector", "matchLabels")));
            if (!refuses || selected.Count == 0)
            {
                continue;
            }

            var described = LiveObjects.Describe("AuthorizationPolicy", order.Namespace, order.Name);
            var effect = action switch
            {
                "DENY" => "its DENY rules are checked before any ALLOW and can refuse requests from other clusters' clients",
                "CUSTOM" => "an external authorizer decides every request",
                _ => rules.Count == 0 ? "it allows nothing, so every request is refused" : "once an ALLOW policy selects a pod, a request no rule allows is refused",
            };
            run.Find(live.Name, FindingKind.Shadowed, described, $"{described} ({action}) applies to the pods of {string.Join(", ", selected)}: {effect}; MeshInfra's cross-cluster requests arrive with the client's own identity through the east-west gateway", DoctorRules.AuthorizationPolicy, "make sure its rules allow the mesh's clients (source principals of the client namespaces' service accounts), or delete it");
        }
    }

    private static void PeerAuthentications(DoctorRun run, DocReader read, LiveObjects live, HashSet<(string, string, string)> ours, Dictionary<string, List<(string Service, IReadOnlyDictionary<string, string> Labels)>> owners)
    {
        var policies = live.OfKind("PeerAuthentication").Select(d => (Doc: d, Order: LiveOrder.Of(d, read))).OrderBy(p => p.Order).ToList();
        foreach (var (ns, pods) in owners.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            foreach (var pod in pods.GroupBy(p => p.Service).Select(g => g.First()))
            {
                run.Count(Check);

                // The most specific policy decides: a selector in the pod's namespace, then the namespace's, then the root's.
                bool Selects(MapNode doc) => read.StringMap(doc.At("spec", "selector", "matchLabels")) is var s && s.All(l => pod.Labels.TryGetValue(l.Key, out var v) && v == l.Value);
                var chain = policies.Where(p => p.Order.Namespace == ns && p.Doc.At("spec", "selector") is not null && Selects(p.Doc))
                    .Concat(policies.Where(p => p.Order.Namespace == ns && p.Doc.At("spec", "selector") is null))
                    .Concat(policies.Where(p => p.Order.Namespace == Root && p.Doc.At("spec", "selector") is null));
                var decider = chain.FirstOrDefault(p => (read.Str(p.Doc.At("spec", "mtls", "mode")) ?? "UNSET") != "UNSET"
                    || DocReader.Items(p.Doc.At("spec", "portLevelMtls")).Any());
                if (decider.Doc is null || ours.Contains(("PeerAuthentication", decider.Order.Namespace, decider.Order.Name)))
                {
                    continue;
                }

                var mode = read.Str(decider.Doc.At("spec", "mtls", "mode"));
                var disabledPorts = (decider.Doc.At("spec", "portLevelMtls") as MapNode)?.Entries
                    .Where(e => read.Str((e.Value as MapNode)?["mode"]) == "DISABLE").Select(e => e.Key).ToList() ?? [];
                if (mode != "DISABLE" && disabledPorts.Count == 0)
                {
                    continue;
                }

                var described = LiveObjects.Describe("PeerAuthentication", decider.Order.Namespace, decider.Order.Name);
                var what = mode == "DISABLE" ? "turns mTLS off" : $"turns mTLS off on port{(disabledPorts.Count == 1 ? "" : "s")} {string.Join(", ", disabledPorts)}";
                run.Find(live.Name, FindingKind.Shadowed, described, $"{described} {what} for the pods of {pod.Service}, overriding MeshInfra's mesh-wide PeerAuthentication: the east-west gateway sends them ISTIO_MUTUAL, which they no longer accept", DoctorRules.PeerAuthentication, "set its mode to STRICT or PERMISSIVE (or delete it)");
            }
        }
    }
}
