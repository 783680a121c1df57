using System.Collections.Immutable;
using MeshInfra.Model.Config;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// The verify matrix over what the clusters hold: each live cluster becomes the traffic model's
/// <see cref="ClusterState"/> (workloads from its Pods, locality from its Nodes' topology labels,
/// the Corefile from the live coredns ConfigMap, gateways dialled where their live Services say),
/// and every failing cell is a finding named as `verify` names it.
/// </summary>
internal static class LiveTrafficCheck
{
    public const string Check = "traffic";

    public static void Run(DoctorRun run, Func<DeferredValue, string> resolve)
    {
        var spec = run.Plan.Spec;
        var missing = spec.Clusters.Where(c => run.Reachable(c.Name) is null).Select(c => c.Name).ToList();
        if (missing.Count > 0)
        {
            run.Skip($"traffic: the verify matrix needs every cluster; not run because {string.Join(", ", missing)} could not be read");
            return;
        }

        var states = spec.Clusters.Select(c => State(run, run.Plan.Cluster(c.Name), run.Reachable(c.Name)!)).ToList();
        var dials = spec.Clusters.Select(c =>
        {
            var (address, port) = LiveGateway.Dial(c, run.Reachable(c.Name), run.Read);
            return new GatewayDial(c.Name, address ?? new GatewayAddress(c.Name, GatewayKind.EastWest).Placeholder, port ?? new GatewayNodePort(c.Name, GatewayKind.EastWest, IstioLabels.EastWestPort).Placeholder);
        }).ToList();
        run.Skip("traffic: istiod's live mesh config (DNS capture, trust domain) is not read; the traffic check takes the plan's");
        var model = new TrafficModel(states, dials, resolve, spec.Istio.Version) { OwnGatewayIps = OwnGatewayIp.For(spec, resolve) };
        var unread = new UnreadTraffic(run);
        foreach (var cell in MeshVerifier.Verify(spec, model))
        {
            if (unread.Skips(cell))
            {
                continue;
            }

            run.Count(Check);
            if (cell.Passed || !cell.Exercised)
            {
                continue;
            }

            var at = cell.Result.Failures.Select(f => f.At).FirstOrDefault(a => a is not null);
            var service = cell.Service.Split('.', 2);
            var obj = at is not null ? LiveObjects.Describe(at.Kind, at.Namespace, at.Name)
                : LiveObjects.Describe("Service", service.Length == 2 ? service[1] : null, service[0]);
            var cluster = at?.Cluster ?? cell.Request.Cluster;
            run.Find(
                cluster,
                FindingKind.Traffic,
                obj,
                $"{cell.Request} ({cell.Case}): {string.Join("; ", cell.Problems)}",
                DoctorRules.Traffic,
                $"run `meshinfra trace` for this request to see each hop, then fix the object named; the other findings of this report usually name the cause");
        }

        unread.Report();
    }

    /// <summary>One live cluster as the traffic model's input.</summary>
    public static ClusterState State(DoctorRun run, ClusterPlan plan, LiveObjects live)
    {
        var read = run.Read;
        var objects = ImmutableArray.CreateBuilder<MapNode>();
        var hasProbeNamespace = false;
        foreach (var doc in live.Cluster.Objects)
        {
            var kind = read.Str(doc["kind"]);

            // Workloads come from Pods as they run; a Deployment says only what pods should look like.
            if (kind == "Deployment")
            {
                continue;
            }

            hasProbeNamespace |= kind == "Namespace" && read.Str(doc.At("metadata", "name")) == MeshTraffic.ProbeNamespace;
            objects.Add(doc);
        }

        // Verify sends from a client pod in every cluster: doctor assumes one, as verify does, with a sidecar.
        if (!hasProbeNamespace)
        {
            objects.Add(new KubeObject("v1", "Namespace", ObjectMeta.Named(MeshTraffic.ProbeNamespace).WithLabel(IstioLabels.Injection, "enabled"), MapNode.Empty).ToNode());
        }

        objects.Add(new KubeObject("apps/v1", "Deployment", ObjectMeta.Named(MeshTraffic.ProbeWorkload, MeshTraffic.ProbeNamespace).WithAnnotation(MeshTraffic.AssumedAnnotation, "true"), MapNode.Of(("spec", MapNode.Of(
            ("template", MapNode.Of(
                ("metadata", MapNode.Of(("labels", MapNode.OfStrings([KeyValuePair.Create("app", MeshTraffic.ProbeWorkload)])))),
                ("spec", MapNode.Of(("serviceAccountName", "default"))))))))).ToNode());

        // istiod's mesh config (DNS capture, trust domain) is read from the plan's values: the live
        // ConfigMap holds it as embedded YAML, which the model does not parse. Gateway pods come from Pods.
        var releases = plan.Releases.Where(r => r.Chart == "istiod")
            .ToImmutableSortedDictionary(r => r.ReleaseName, r => r.Values, StringComparer.Ordinal);
        return new ClusterState(plan.Cluster.Name, NodeLocality.Of(live, read), objects.ToImmutable(), releases, LiveCorefile(plan, live, read))
        {
            CorednsConfigMap = plan.Dns?.ConfigMapName ?? PlannedDnsChange.CorefileConfigMap,
        };
    }

    /// <summary>The Corefile text that holds MeshInfra's block in this cluster (the whole Corefile, or the coredns-custom key).</summary>
    public static string? LiveCorefile(ClusterPlan plan, LiveObjects live, DocReader read)
    {
        if (plan.Dns is not { Mode: DnsMode.Corefile or DnsMode.CorednsCustom } dns)
        {
            return null;
        }

        var map = live.Get("ConfigMap", PlannedDnsChange.ConfigMapNamespace, dns.ConfigMapName);
        return read.Str(map?.At("data", dns.DataKey));
    }
}
