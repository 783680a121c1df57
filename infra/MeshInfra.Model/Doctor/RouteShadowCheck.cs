using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// Someone else's VirtualService or DestinationRule that Istio's precedence puts before MeshInfra's
/// for one of its hosts: the global hosts, and the hosts of MeshInfra's own route VirtualServices.
/// </summary>
internal static class RouteShadowCheck
{
    public const string Check = "shadowed";
    private const string Root = IstioLabels.IstioSystem;
    private const int ShownHosts = 3;

    public static void Run(DoctorRun run, DocReader read, ClusterPlan plan, LiveObjects live, HashSet<(string Kind, string Namespace, string Name)> ours)
    {
        var globalHosts = run.Plan.GlobalHosts.Select(h => h.Host).ToHashSet(StringComparer.Ordinal);
        if (!run.SkipUnread(live, Check, "other VirtualServices for MeshInfra's hosts", "VirtualService"))
        {
            VirtualServices(run, read, plan, live, ours, globalHosts);
        }

        if (!run.SkipUnread(live, Check, "other DestinationRules for MeshInfra's hosts", "DestinationRule"))
        {
            DestinationRules(run, read, plan, live, ours);
        }
    }

    private static void VirtualServices(DoctorRun run, DocReader read, ClusterPlan plan, LiveObjects live, HashSet<(string, string, string)> ours, HashSet<string> globalHosts)
    {
        // MeshInfra's route VirtualServices by host, with their place in istiod's order: the public one,
        // and the copy exported to the namespaces the stack knows clients in (IstioObjects.RouteVirtualService).
        var ourRoutes = new Dictionary<string, (string Name, CreationOrder Order)>(StringComparer.Ordinal);
        var ourExported = new Dictionary<string, (string Name, CreationOrder Order, HashSet<string> To)>(StringComparer.Ordinal);
        foreach (var vs in plan.Objects.Select(o => o.Object).Where(o => o.Kind == "VirtualService" && o.Metadata.Namespace == Root))
        {
            var liveVs = live.Get("VirtualService", Root, vs.Metadata.Name);
            var order = liveVs is null ? LiveOrder.Unapplied(vs.Metadata.Name, Root) : LiveOrder.Of(liveVs, read);
            var exportedTo = IstioHost.Visibility(read.Strings(vs.Body.At("spec", "exportTo")), Root);
            foreach (var host in read.Strings(vs.Body.At("spec", "hosts")))
            {
                if (exportedTo is null)
                {
                    ourRoutes.TryAdd(IstioHost.Qualify(host, Root), (vs.Metadata.Name, order));
                }
                else
                {
                    ourExported.TryAdd(IstioHost.Qualify(host, Root), (vs.Metadata.Name, order, exportedTo));
                }
            }
        }

        foreach (var doc in live.OfKind("VirtualService"))
        {
            var order = LiveOrder.Of(doc, read);
            if (ours.Contains(("VirtualService", order.Namespace, order.Name)))
            {
                continue;
            }

            run.Count(Check);
            var gateways = read.Strings(doc.At("spec", "gateways"));
            if (gateways.Length > 0 && !gateways.Contains("mesh"))
            {
                continue; // bound to gateways only: sidecars never use it
            }

            var visible = IstioHost.Visibility(read.Strings(doc.At("spec", "exportTo")), order.Namespace);
            if (visible is { Count: 0 })
            {
                continue;
            }

            var winsOver = new List<string>();
            var unrouted = new List<string>();
            var decidesFor = new SortedSet<string>(StringComparer.Ordinal);
            HashSet<string>? exceptFor = null;
            foreach (var host in read.Strings(doc.At("spec", "hosts")).Select(h => IstioHost.Qualify(h, order.Namespace)))
            {
                if (ourRoutes.TryGetValue(host, out var route))
                {
                    // Istio's order per client namespace: private to it, exported to it by name, public;
                    // each oldest first, the later ones for a host dropped as duplicate domains.
                    var exported = ourExported.GetValueOrDefault(host);
                    var wins = new List<string>();
                    if (visible is null)
                    {
                        // Public: before MeshInfra's public copy only if older, and never before the
                        // copy exported to the namespaces the stack knows clients in.
                        if (order < route.Order)
                        {
                            exceptFor = exported.To;
                            wins.Add(route.Name);
                        }
                    }
                    else
                    {
                        foreach (var ns in visible)
                        {
                            // Private to ns (its own namespace), or exported to it: before MeshInfra's
                            // exported copy only when private, or older; always before the public one.
                            if (exported.To is null || !exported.To.Contains(ns) || ns == order.Namespace || order < exported.Order)
                            {
                                decidesFor.Add(ns);
                                wins.Add(route.Name);
                                if (exported.To?.Contains(ns) == true)
                                {
                                    wins.Add(exported.Name);
                                }
                            }
                        }
                    }

                    if (wins.Count > 0)
                    {
                        winsOver.Add($"{host} (over VirtualService {string.Join(" and ", wins.Distinct().Order(StringComparer.Ordinal).Select(n => $"{Root}/{n}"))})");
                    }
                }
                else if (globalHosts.Contains(host))
                {
                    unrouted.Add(host);
                    if (visible is not null)
                    {
                        decidesFor.UnionWith(visible);
                    }
                }
                else if (IstioHost.IsWildcard(host) && globalHosts.Where(g => IstioHost.Covers(host, g) && !ourRoutes.ContainsKey(g)).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } covered)
                {
                    // A wildcard host takes every service no exact one claims (sidecar.go, computeWildcardHostVirtualServiceIndex):
                    // the global hosts MeshInfra routes by name keep their route, the others take this one.
                    unrouted.AddRange(covered);
                    if (visible is not null)
                    {
                        decidesFor.UnionWith(visible);
                    }
                }
            }

            if (winsOver.Count + unrouted.Count == 0)
            {
                continue;
            }

            var described = LiveObjects.Describe("VirtualService", order.Namespace, order.Name);
            var who = visible is null
                ? "every client namespace" + (exceptFor is null || winsOver.Count == 0 ? "" : $" but {string.Join(", ", exceptFor.Order(StringComparer.Ordinal))} (MeshInfra's route is exported to those by name)")
                : $"clients in namespace{(decidesFor.Count == 1 ? "" : "s")} {string.Join(", ", decidesFor)}";
            var why = visible is null ? "it is public and older than MeshInfra's" : "a VirtualService private to a namespace, or exported to it and older, comes before MeshInfra's";
            var parts = new List<string>();
            if (winsOver.Count > 0)
            {
                parts.Add($"Istio uses it instead of MeshInfra's route for {Hosts(winsOver)} ({why})");
            }

            if (unrouted.Count > 0)
            {
                parts.Add($"it routes global host{(unrouted.Count == 1 ? "" : "s")} {Hosts(unrouted)}, which MeshInfra sends by its DestinationRule alone");
            }

            run.Find(live.Name, FindingKind.Shadowed, described, $"{described} decides for {who}: {string.Join("; ", parts)}", DoctorRules.VirtualService, $"delete it, or drop MeshInfra's hosts from its hosts (route them through the stack's routes instead)");
        }
    }

    private static void DestinationRules(DoctorRun run, DocReader read, ClusterPlan plan, LiveObjects live, HashSet<(string, string, string)> ours)
    {
        // MeshInfra's rules: public ones in istio-system (global hosts), and ones private to the
        // east-west gateway's namespace (local hosts, for the gateway's own proxies).
        var ourRules = new Dictionary<string, List<OurRule>>(StringComparer.Ordinal);
        foreach (var dr in plan.Objects.Select(o => o.Object).Where(o => o.Kind == "DestinationRule"))
        {
            var ns = dr.Metadata.Namespace ?? "";
            var spec = dr.Body["spec"] as MapNode ?? MapNode.Empty;
            var liveDr = live.Get("DestinationRule", ns, dr.Metadata.Name);
            var isPrivate = IstioHost.Visibility(read.Strings(spec["exportTo"]), ns) is { } v && v.SetEquals([ns]);
            var host = IstioHost.Qualify(read.Str(spec["host"]) ?? "", ns);
            if (!ourRules.TryGetValue(host, out var list))
            {
                ourRules[host] = list = [];
            }

            list.Add(new OurRule(host, dr.Metadata.Name, ns, isPrivate, spec, liveDr is null ? LiveOrder.Unapplied(dr.Metadata.Name, ns) : LiveOrder.Of(liveDr, read)));
        }

        foreach (var doc in live.OfKind("DestinationRule"))
        {
            var order = LiveOrder.Of(doc, read);
            if (ours.Contains(("DestinationRule", order.Namespace, order.Name)))
            {
                continue;
            }

            run.Count(Check);
            var spec = doc["spec"] as MapNode ?? MapNode.Empty;
            var host = IstioHost.Qualify(read.Str(spec["host"]) ?? "", order.Namespace);
            var visible = spec["workloadSelector"] is not null ? [order.Namespace] : IstioHost.Visibility(read.Strings(spec["exportTo"]), order.Namespace);
            var privateOnly = visible is { Count: 1 } && visible.Contains(order.Namespace);
            var matches = IstioHost.IsWildcard(host)
                ? ourRules.Where(r => IstioHost.Covers(host, r.Key)).SelectMany(r => r.Value).ToList()
                : ourRules.GetValueOrDefault(host) ?? [];
            var shadowed = new SortedSet<string>(StringComparer.Ordinal);
            var merged = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var rule in matches)
            {
                if (rule.Private)
                {
                    // Private to its namespace: that namespace's proxies find it first; only a rule for
                    // the same host there merges with it (a wildcard there is less specific).
                    if (order.Namespace == rule.Namespace && host == rule.Host && order < rule.Order && MergeLoses(spec, rule.Spec, read))
                    {
                        merged.Add(rule.Host);
                    }
                }
                else if (order.Namespace != Root)
                {
                    // A proxy looks in its own namespace first, wildcards included: this rule wins for
                    // its namespace's clients over MeshInfra's public rule in the root namespace.
                    if (visible is null || visible.Contains(order.Namespace))
                    {
                        shadowed.Add(rule.Host);
                    }
                }
                else if (privateOnly)
                {
                    // Proxies in the root namespace look at its private rules first.
                    shadowed.Add(rule.Host);
                }
                else if (host == rule.Host && order < rule.Order && MergeLoses(spec, rule.Spec, read))
                {
                    merged.Add(rule.Host);
                }
            }

            var described = LiveObjects.Describe("DestinationRule", order.Namespace, order.Name);
            if (shadowed.Count > 0)
            {
                var who = order.Namespace == Root ? $"proxies in {Root} (its private rules come first for them)" : $"clients in namespace {order.Namespace} (a proxy's own namespace is looked up first)";
                var message = spec["workloadSelector"] is MapNode selector
                    // sidecar.go, SidecarScope.DestinationRule: the pods it selects take it; the namespace's other pods found the
                    // host in their own namespace's index and get no rule at all, not MeshInfra's.
                    ? $"{described} (host {host}, workloadSelector {string.Join(",", read.StringMap(selector["matchLabels"]).Select(l => $"{l.Key}={l.Value}"))}) replaces MeshInfra's DestinationRule for {Hosts([.. shadowed])} for the pods it selects in {(order.Namespace == Root ? Root : "namespace " + order.Namespace)}, and leaves that namespace's other pods with no DestinationRule for them: no ISTIO_MUTUAL, no SNI, no identity pinning"
                    : $"{described} (host {host}) replaces MeshInfra's DestinationRule for {Hosts([.. shadowed])} for {who}: its subsets, TLS and outlier detection apply instead";
                run.Find(live.Name, FindingKind.Shadowed, described, message, DoctorRules.DestinationRule, "delete it, or narrow its host and exportTo so it does not cover MeshInfra's hosts");
            }

            if (merged.Count > 0)
            {
                run.Find(live.Name, FindingKind.Shadowed, described, $"{described} is merged with MeshInfra's DestinationRule for {Hosts([.. merged])} and is older: its trafficPolicy or same-named subsets are kept and MeshInfra's are dropped", DoctorRules.DestinationRule, "delete it: MeshInfra's rule for this host carries the subsets and TLS the mesh needs");
            }
        }
    }

    /// <summary>
    /// True when istiod merges MeshInfra's rule into an older one and that drops something of ours: its top-level
    /// policy, or a subset of the same name. They merge only when MeshInfra's exportTo set equals the older one's,
    /// or holds all of a non-empty one (destination_rule.go, mergeDestinationRule, with ENABLE_ENHANCED_DESTINATIONRULE_MERGE
    /// on by default at 1.30.3 and 1.31.0-rc.0; a workloadSelector rule counts as exportTo ["."]); otherwise both stay
    /// and a proxy that sees both takes the later one, MeshInfra's (sidecar.go, SidecarScope.DestinationRule).
    /// </summary>
    private static bool MergeLoses(MapNode older, MapNode ours, DocReader read)
    {
        HashSet<string> ExportSet(MapNode spec) => spec["workloadSelector"] is not null ? ["."] : read.Strings(spec["exportTo"]).ToHashSet(StringComparer.Ordinal);
        var olderSet = ExportSet(older);
        var oursSet = ExportSet(ours);
        if (!oursSet.SetEquals(olderSet) && (olderSet.Count == 0 || !oursSet.IsSupersetOf(olderSet)))
        {
            return false;
        }

        if (older["trafficPolicy"] is not null && ours["trafficPolicy"] is not null)
        {
            return true;
        }

        var names = DocReader.Items(ours["subsets"]).OfType<MapNode>().Select(s => read.Str(s["name"])).ToHashSet(StringComparer.Ordinal);
        return DocReader.Items(older["subsets"]).OfType<MapNode>().Any(s => names.Contains(read.Str(s["name"])));
    }

    private static string Hosts(List<string> hosts) =>
        string.Join(", ", hosts.Order(StringComparer.Ordinal).Take(ShownHosts)) + (hosts.Count > ShownHosts ? $" and {hosts.Count - ShownHosts} more" : "");
}
