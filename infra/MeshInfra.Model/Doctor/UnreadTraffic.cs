using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// Which cells of the verify matrix over the live objects depend on a kind that was not read in a
/// cluster (refused, or its CRD not installed), so the traffic check leaves them out rather than
/// report a request as failing (or passing) on an empty list. The other cells still run: a kind
/// not read in one cluster does not hide the rest of the mesh.
/// </summary>
internal sealed class UnreadTraffic
{
    /// <summary>
    /// Kinds the traffic model reads only for requests its own clients send: the client's
    /// VirtualServices (TrafficModel looks the route up in the client's cluster, ingress gateways
    /// included), its nodes' locality and its Corefile.
    /// </summary>
    private static readonly string[] ClientKinds = ["ConfigMap", "Node", "VirtualService"];

    /// <summary>
    /// Kinds the traffic model reads for any request that reaches the cluster: workloads, services,
    /// rules, gateways, and the policies (a Sidecar's egress, an AuthorizationPolicy) ClusterView reads.
    /// </summary>
    private static readonly string[] AnyKinds = ["AuthorizationPolicy", "DestinationRule", "Gateway", "Namespace", "PeerAuthentication", "Pod", "Service", "ServiceEntry", "Sidecar"];

    private readonly DoctorRun run;
    private readonly Dictionary<string, string[]> clientSkip = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> anySkip = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> serviceClusters = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (int FromClients, int Touching)> skipped = new(StringComparer.Ordinal);

    public UnreadTraffic(DoctorRun run)
    {
        this.run = run;
        foreach (var (name, live) in run.Live)
        {
            var client = ClientKinds.Where(k => !live.IsRead(k)).ToArray();
            var any = AnyKinds.Where(k => !live.IsRead(k)).ToArray();
            if (client.Length > 0)
            {
                clientSkip[name] = client;
            }

            if (any.Length > 0)
            {
                anySkip[name] = any;
            }
        }

        foreach (var service in run.Plan.Spec.Services)
        {
            serviceClusters[$"{service.Name}.{service.Namespace}"] = [.. service.Instances.Select(i => i.Cluster)];
        }
    }

    /// <summary>True (and counted) when the cell depends on a kind not read: from a client in such a cluster, or reaching one at all.</summary>
    public bool Skips(VerifyCase cell)
    {
        if (clientSkip.Count == 0 && anySkip.Count == 0)
        {
            return false;
        }

        var from = cell.Request.Cluster;
        if (clientSkip.ContainsKey(from) || anySkip.ContainsKey(from))
        {
            Note(from, fromClients: true);
            return true;
        }

        if (anySkip.Count == 0)
        {
            return false;
        }

        // The clusters that serve the service, and every cluster the trace went through or failed in.
        var touched = new HashSet<string>(serviceClusters.GetValueOrDefault(cell.Service) ?? [], StringComparer.Ordinal);
        touched.UnionWith(cell.Result.Hops.Select(h => h.DecidedBy?.Cluster).OfType<string>());
        touched.UnionWith(cell.Result.Arrivals.Select(a => a.Workload.Cluster));
        touched.UnionWith(cell.Result.Failures.Select(f => f.At?.Cluster).OfType<string>());
        if (touched.Where(anySkip.ContainsKey).Order(StringComparer.Ordinal).FirstOrDefault() is { } partial)
        {
            Note(partial, fromClients: false);
            return true;
        }

        return false;
    }

    /// <summary>Notes in the report, per cluster and kind, which requests were left out.</summary>
    public void Report()
    {
        foreach (var (cluster, (fromClients, touching)) in skipped)
        {
            var live = run.Live[cluster];
            if (fromClients > 0)
            {
                run.SkipUnread(live, LiveTrafficCheck.Check, $"the verify matrix's {fromClients} request{(fromClients == 1 ? "" : "s")} from {cluster}'s clients", [.. clientSkip.GetValueOrDefault(cluster) ?? [], .. anySkip.GetValueOrDefault(cluster) ?? []]);
            }

            if (touching > 0)
            {
                run.SkipUnread(live, LiveTrafficCheck.Check, $"the verify matrix's {touching} request{(touching == 1 ? "" : "s")} from other clusters served by {cluster}", anySkip[cluster]);
            }
        }
    }

    private void Note(string cluster, bool fromClients)
    {
        var (a, b) = skipped.GetValueOrDefault(cluster);
        skipped[cluster] = fromClients ? (a + 1, b) : (a, b + 1);
    }
}
