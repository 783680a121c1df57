using System.Collections.Immutable;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// `meshinfra doctor`'s checks: the intended mesh (the plan) against what each cluster holds (read
/// by the live reader into <see cref="LiveCluster"/>), without I/O. Drift, shadowing by other
/// people's Istio objects, the preconditions the traffic proof rests on, certificate expiry, and
/// the whole verify matrix run over the live objects.
/// </summary>
public static class MeshDoctor
{
    public static DoctorReport Examine(MeshPlan plan, Func<DeferredValue, string> resolve, ImmutableArray<LiveCluster> live, DoctorOptions options)
    {
        var run = new DoctorRun(plan, resolve, live, options);
        foreach (var cluster in live)
        {
            foreach (var finding in cluster.ReadFindings)
            {
                run.Find(finding.Cluster, finding.Kind, finding.Object, finding.Message, finding.Rule, finding.Fix);
            }
        }

        foreach (var cluster in plan.Spec.Clusters.Where(c => run.Reachable(c.Name) is null))
        {
            run.Skip($"{cluster.Name}: not read (unreachable), so none of its checks ran");

            // The reader names why a cluster could not be read; one it did not hand over at all is named here.
            if (!live.Any(l => l.Name == cluster.Name && !l.ReadFindings.IsEmpty))
            {
                run.Find(cluster.Name, FindingKind.Unreachable, $"Cluster {cluster.Name}", $"{cluster.Name} (context {cluster.Context}) was not read", "doctor reads every cluster of the stack through its own context", $"check that the kubeconfig has context {cluster.Context} and the API server answers");
            }
        }

        // Gateway addresses and NodePorts as the gateways' live Services say: what every cluster should dial.
        var resolveLive = LiveGateway.Resolver(run, resolve);
        var read = new Traffic.DocReader(resolveLive);
        DriftCheck.Run(run, read);
        PreconditionCheck.Run(run, read);
        TrustCheck.Run(run, read);
        foreach (var clusterPlan in plan.Clusters)
        {
            if (run.Reachable(clusterPlan.Cluster.Name) is { } cluster)
            {
                var ours = clusterPlan.Objects.Select(o => (o.Object.Kind, o.Object.Metadata.Namespace ?? "", o.Object.Metadata.Name)).ToHashSet();
                RouteShadowCheck.Run(run, read, clusterPlan, cluster, ours);
                PolicyShadowCheck.Run(run, read, cluster, ours);
            }
        }

        LiveTrafficCheck.Run(run, resolveLive);
        return run.Report();
    }
}
