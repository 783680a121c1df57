using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Summary;

/// <summary>
/// What <c>plan</c> and <c>graph</c> show with <c>--cluster</c> and <c>--host</c>: the named clusters and
/// the global hosts they serve or consume; the named hosts and the clusters that serve or consume
/// them; both given, what both allow. Nothing given, everything.
/// </summary>
public sealed class PlanFilter
{
    private readonly HashSet<string> clusters;
    private readonly HashSet<string> hosts;
    private readonly HashSet<string> clustersOfHosts;
    private readonly HashSet<string> hostsOfClusters;

    private PlanFilter(MeshPlan plan, HashSet<string> clusters, HashSet<string> hosts)
    {
        this.clusters = clusters;
        this.hosts = hosts;
        var selectedHosts = plan.GlobalHosts.Where(h => hosts.Contains(h.Host)).ToList();
        clustersOfHosts = selectedHosts.SelectMany(h => h.ServingClusters.Concat(h.ConsumerClusters)).ToHashSet(StringComparer.Ordinal);
        hostsOfClusters = plan.GlobalHosts.Where(h => h.ServingClusters.Concat(h.ConsumerClusters).Any(clusters.Contains)).Select(h => h.Host).ToHashSet(StringComparer.Ordinal);
    }

    public static PlanFilter All(MeshPlan plan) => new(plan, new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));

    public bool IsAll => clusters.Count == 0 && hosts.Count == 0;

    /// <exception cref="InputException">A --cluster or --host names nothing in this plan.</exception>
    public static PlanFilter From(MeshPlan plan, IReadOnlyList<string> clusters, IReadOnlyList<string> hosts)
    {
        var knownClusters = plan.Clusters.Select(c => c.Cluster.Name).ToList();
        var knownHosts = plan.GlobalHosts.Select(h => h.Host).ToList();
        var errors = clusters.Where(c => !knownClusters.Contains(c)).Select(c => $"--cluster {ConfigKeyPath.Clip(c)}: not a cluster of this mesh (known: {Known(knownClusters)})")
            .Concat(hosts.Where(h => !knownHosts.Contains(h)).Select(h => $"--host {ConfigKeyPath.Clip(h)}: not a global host of this mesh (known: {Known(knownHosts)})"))
            .ToList();
        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }

        return new PlanFilter(plan, clusters.ToHashSet(StringComparer.Ordinal), hosts.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>What was asked for, for the line that says the output is filtered.</summary>
    public string Describe() =>
        string.Join("; ", new[]
        {
            clusters.Count == 0 ? null : "clusters " + string.Join(", ", clusters.Order(StringComparer.Ordinal)),
            hosts.Count == 0 ? null : "hosts " + string.Join(", ", hosts.Order(StringComparer.Ordinal)),
        }.Where(p => p is not null));

    public bool KeepsCluster(string name) =>
        (clusters.Count == 0 || clusters.Contains(name)) && (hosts.Count == 0 || clustersOfHosts.Contains(name));

    public bool KeepsHost(string host) =>
        (hosts.Count == 0 || hosts.Contains(host)) && (clusters.Count == 0 || hostsOfClusters.Contains(host));

    public bool KeepsRoute(RouteSpec route, string globalDomain) =>
        KeepsHost($"{route.Service}.{route.Namespace}.{globalDomain}") && (clusters.Count == 0 || route.Clients.Any(clusters.Contains));

    /// <summary>A resource of a kept cluster, or the mesh's own root CA (in every chain) unless --host asks for one host; with --host, one named after a kept host.</summary>
    public bool KeepsResource(ResourceId id) =>
        (id.Scope == ResourceId.MeshScope ? hosts.Count == 0 : KeepsCluster(id.Scope))
        && (hosts.Count == 0 || hosts.Any(h => id.Name.Contains(h, StringComparison.Ordinal) || id.Name.Contains(RouteName(h), StringComparison.Ordinal)));

    /// <summary>A route's VirtualService is named &lt;service&gt;-&lt;namespace&gt;-routes, not after the host.</summary>
    private static string RouteName(string host) => string.Join('-', host.Split('.').Take(2)) + "-routes";

    private static string Known(List<string> names) =>
        names.Count <= 10 ? string.Join(", ", names) : string.Join(", ", names.Take(10)) + $", and {names.Count - 10} more (see meshinfra plan --summary)";
}
