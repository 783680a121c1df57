using System.Collections.Immutable;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Planning;

/// <summary>
/// A global host's objects that are the same in many clusters, built once and shared by them
/// (manifest trees are immutable): the DestinationRule, the same in every cluster that fails over
/// from the same region (or from none), or has the same failoverPriority under static resolution, and the ServiceEntry as every cluster that does not run the
/// service sees it from its region, all endpoints remote gateways. Only a cluster that runs the
/// service gets a ServiceEntry of its own (a local endpoint). Built per cluster instead, a mesh of
/// 100 clusters and 1,000 services held some 200,000 trees where about 2,000 differ, and planning
/// time and memory grew with their product.
/// </summary>
internal sealed class SharedHostObjects
{
    private readonly Func<string, KubeObject> serviceEntryAsSeenFrom;
    private readonly Func<string, string?> regionOf;
    private readonly Func<string, string> ruleKeyOf;
    private readonly Func<string, KubeObject> destinationRuleIn;
    private readonly Dictionary<string, KubeObject> remoteViews = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KubeObject> destinationRules = new(StringComparer.Ordinal);

    /// <param name="host">The global host.</param>
    /// <param name="serviceEntryAsSeenFrom">Builds the host's ServiceEntry as a given cluster sees it.</param>
    /// <param name="regionOf">A cluster's region by the stack's labels (null for none): a remote view depends on nothing else.</param>
    /// <param name="ruleKeyOf">What a cluster's DestinationRule depends on (the region it fails over from, or its failoverPriority): clusters with one key share one rule.</param>
    /// <param name="destinationRuleIn">Builds the host's DestinationRule as a given cluster holds it.</param>
    public SharedHostObjects(
        GlobalHostPlan host,
        Func<string, KubeObject> serviceEntryAsSeenFrom,
        Func<string, string?> regionOf,
        Func<string, string> ruleKeyOf,
        Func<string, KubeObject> destinationRuleIn)
    {
        Host = host;
        this.serviceEntryAsSeenFrom = serviceEntryAsSeenFrom;
        this.regionOf = regionOf;
        this.ruleKeyOf = ruleKeyOf;
        this.destinationRuleIn = destinationRuleIn;
    }

    public GlobalHostPlan Host { get; }

    public KubeObject DestinationRuleIn(string cluster)
    {
        var key = ruleKeyOf(cluster);
        if (!destinationRules.TryGetValue(key, out var rule))
        {
            destinationRules[key] = rule = destinationRuleIn(cluster);
        }

        return rule;
    }

    public KubeObject ServiceEntryIn(string cluster)
    {
        if (RunsIn(cluster))
        {
            return serviceEntryAsSeenFrom(cluster);
        }

        // Region names are label values and never empty, so "" stands for "no region".
        var key = regionOf(cluster) ?? "";
        if (!remoteViews.TryGetValue(key, out var view))
        {
            remoteViews[key] = view = serviceEntryAsSeenFrom(cluster);
        }

        return view;
    }

    /// <summary>The versions running in <paramref name="cluster"/>; none where the service does not run.</summary>
    public ImmutableArray<string> LocalVersionsIn(string cluster) =>
        RunsIn(cluster) ? Host.Service.VersionsIn(cluster) : [];

    private bool RunsIn(string cluster) => Host.ServingClusters.Contains(cluster, StringComparer.Ordinal);
}
