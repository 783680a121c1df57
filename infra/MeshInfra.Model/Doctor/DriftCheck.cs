using MeshInfra.Model.Config;
using MeshInfra.Model.Dns;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// Drift: each object the plan has for a cluster against the live one (missing, or differing on a
/// field MeshInfra sets), the objects MeshInfra names as its own that the plan no longer has, the
/// gateway addresses and NodePorts other clusters' ServiceEntries dial against the gateways' live
/// Services, and MeshInfra's CoreDNS block.
/// </summary>
internal static class DriftCheck
{
    public const string Check = "drift";

    private const int ShownDifferences = 3;

    public static void Run(DoctorRun run, DocReader read)
    {
        var spec = run.Plan.Spec;
        foreach (var clusterPlan in run.Plan.Clusters)
        {
            var name = clusterPlan.Cluster.Name;
            if (run.Reachable(name) is not { } live)
            {
                continue;
            }

            var planned = new HashSet<(string Kind, string Namespace, string Name)>();
            var unread = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var obj in clusterPlan.Objects.Select(o => o.Object))
            {
                var ns = obj.Metadata.Namespace;
                planned.Add((obj.Kind, ns ?? "", obj.Metadata.Name));
                if (!live.IsRead(obj.Kind))
                {
                    // Not read (refused, or no CRD): whether it is there is unknown, so it is not "missing".
                    unread[obj.Kind] = unread.GetValueOrDefault(obj.Kind) + 1;
                    continue;
                }

                var current = live.Get(obj.Kind, ns, obj.Metadata.Name);
                if (obj.Kind == "Secret" && current is null)
                {
                    // cacerts: the doctor role cannot read Secrets (only istiod may read the CA key), so
                    // an absent Secret is unknown, not missing. TrustCheck says so in the summary.
                    continue;
                }

                run.Count(Check);
                var described = LiveObjects.Describe(obj.Kind, ns, obj.Metadata.Name);
                if (current is null)
                {
                    run.Find(name, FindingKind.Drift, described, $"{described} is missing; MeshInfra's plan has it", DoctorRules.Drift, "run `pulumi up` for the stack to create it again");
                    continue;
                }

                Differences(run, name, described, FieldDiff.Compare(obj.ToNode(), current, read));
            }

            foreach (var (kind, count) in unread)
            {
                run.SkipUnread(live, Check, $"the plan's {count} {kind} object{(count == 1 ? "" : "s")}", kind);
            }

            Orphans(run, spec, live, planned, read);
            Corefile(run, clusterPlan, live, read);
        }
    }

    private static void Differences(DoctorRun run, string cluster, string described, List<FieldDifference> differences)
    {
        if (differences.Count == 0)
        {
            return;
        }

        // A moved gateway is its own finding: it names the cluster whose gateway moved.
        foreach (var dial in differences.Where(d => d.Deferred is GatewayAddress or GatewayNodePort or GatewayClusterIp))
        {
            var (owner, what) = dial.Deferred switch
            {
                GatewayAddress a => (a.Cluster, "address"),
                GatewayNodePort p => (p.Cluster, "NodePort"),
                GatewayClusterIp c => (c.Cluster, "ClusterIP"),
                _ => ("", ""),
            };
            if (run.Reachable(owner) is { } ownerLive && run.SkipUnread(ownerLive, Check, $"where {owner}'s east-west gateway is dialled ({owner}'s gateway Service)", "Service"))
            {
                continue; // the gateway's Service was not read: where it is now is unknown
            }

            run.Find(
                cluster,
                FindingKind.Drift,
                described,
                $"{described} dials {owner}'s east-west gateway at {dial.Live ?? "(nothing)"} ({dial.Path}), but {owner}'s gateway Service {run.Plan.Spec.Cluster(owner).GatewayNamespace(GatewayKind.EastWest)}/{IstioLabels.EastWestGatewayName} now has {what} {dial.Planned}",
                DoctorRules.GatewayDial,
                $"run `pulumi up` so every cluster's ServiceEntries dial {owner}'s gateway where it is now (or pin the gateway's address in the stack: mesh.clusters[].gateway)");
        }

        var plain = differences.Where(d => d.Deferred is not (GatewayAddress or GatewayNodePort or GatewayClusterIp)).ToList();
        if (plain.Count == 0)
        {
            return;
        }

        var shown = string.Join("; ", plain.Take(ShownDifferences).Select(d => $"{d.Path} is {d.Live ?? "absent"}, the plan sets {d.Planned}"));
        var more = plain.Count > ShownDifferences ? $" (and {plain.Count - ShownDifferences} more)" : "";
        run.Find(cluster, FindingKind.Drift, described, $"{described} differs from the plan: {shown}{more}", DoctorRules.Drift, "run `pulumi up` to restore MeshInfra's fields, or change the stack config if the change is wanted");
    }

    private static readonly string[] OrphanKinds = ["ServiceEntry", "DestinationRule", "VirtualService"];

    private static void Orphans(DoctorRun run, MeshSpec spec, LiveObjects live, HashSet<(string, string, string)> planned, DocReader read)
    {
        var suffix = "." + spec.GlobalDomain;
        foreach (var kind in OrphanKinds)
        {
            if (run.SkipUnread(live, Check, $"MeshInfra's own {kind} objects the plan no longer has", kind))
            {
                continue;
            }

            foreach (var doc in live.OfKind(kind))
            {
                var ns = read.Str(doc.At("metadata", "namespace")) ?? "";
                var name = read.Str(doc.At("metadata", "name")) ?? "";
                if (ns == IstioLabels.IstioSystem && name.EndsWith(suffix, StringComparison.Ordinal) && !planned.Contains((kind, ns, name)))
                {
                    var described = LiveObjects.Describe(kind, ns, name);
                    run.Find(live.Name, FindingKind.Drift, described, $"{described} is named as MeshInfra names its own objects, but the plan no longer has it", DoctorRules.Orphan, $"delete it (`kubectl --context {ShellWords.Quote(live.Cluster.Context)} -n {ns} delete {kind.ToLowerInvariant()} {name}`) if no one else owns it");
                }
            }
        }
    }

    private static void Corefile(DoctorRun run, ClusterPlan plan, LiveObjects live, DocReader read)
    {
        if (plan.Dns is not { } dns)
        {
            return;
        }

        if (run.SkipUnread(live, Check, "MeshInfra's CoreDNS block", "ConfigMap"))
        {
            return;
        }

        run.Count(Check);
        var described = LiveObjects.Describe("ConfigMap", PlannedDnsChange.ConfigMapNamespace, dns.ConfigMapName);
        var text = LiveTrafficCheck.LiveCorefile(plan, live, read) ?? (dns.Mode == DnsMode.Remove ? read.Str(live.Get("ConfigMap", PlannedDnsChange.ConfigMapNamespace, dns.ConfigMapName)?.At("data", dns.DataKey)) : null);
        string? problem;
        try
        {
            problem = dns.Mode switch
            {
                _ when text is null && dns.Mode != DnsMode.Remove => $"{described} has no key {dns.DataKey}, so MeshInfra's {dns.Block.GlobalDomain} block is not served",
                DnsMode.CorednsCustom => Normalize(text!) == CorefileEditor.RenderServerBlock(dns.Block) ? null : $"{described} key {dns.DataKey} differs from MeshInfra's {dns.Block.GlobalDomain} server block",
                DnsMode.Corefile => Normalize(CorefileEditor.Apply(text!, dns.Block)) == Normalize(text!) ? null : $"{described}: the Corefile's {dns.Block.GlobalDomain} block is missing or differs from the plan's",
                DnsMode.Remove when text is not null => Normalize(CorefileEditor.Remove(text, dns.Block.GlobalDomain)) == Normalize(text) ? null : $"{described} still holds MeshInfra's {dns.Block.GlobalDomain} block, which the stack removes",
                _ => null,
            };
        }
        catch (CorefileSyntaxException e)
        {
            problem = $"{described}: the Corefile cannot be read ({e.Message})";
        }

        if (problem is not null)
        {
            run.Find(plan.Cluster.Name, FindingKind.Drift, described, problem, DoctorRules.Corefile, "run `pulumi up` to write MeshInfra's block again (everything else in the Corefile stays as it is)");
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
