using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// DestinationRule <c>localityLbSetting.failoverPriority</c> as Istio applies it to an EDS cluster (a
/// Kubernetes Service's, or a ServiceEntry's with <c>resolution: STATIC</c>), whose endpoint builder hands
/// every endpoint's labels to the load balancer (pilot/pkg/xds/endpoints/endpoint_builder.go,
/// BuildClusterLoadAssignment: wrappedLocalityLbEndpoints from each locality's istioEndpoints, for the
/// default cluster and every subset cluster alike, the subset's own merged policy taken by
/// getOutlierDetectionAndLoadBalancerSettings; 1.30.3 and 1.31.0-rc.0). Then
/// core/loadbalancer/loadbalancer.go, at both tags:
/// <list type="bullet">
/// <item>applyFailoverPriorities returns at once, every endpoint keeping priority 0, when the proxy has no
/// labels (a sidecar always has some: ads.go, setTopologyLabels, adds its cluster ID through AugmentLabels);</item>
/// <item>priorityLabelOverrides splits each entry at '=': exactly two parts name a label and the value
/// that stands for the proxy's; anything else is a label name compared with the proxy's own value;</item>
/// <item>applyFailoverPriorityPerLocality: an endpoint whose value differs first at the j-th of n labels
/// gets priority n - j, one that matches them all 0, a missing label reading as ""; at 1.31.0-rc.0 only, a
/// first label that is exactly <c>topology.istio.io/network</c> and differs does not stop the comparison
/// but adds n (includesNetwork);</item>
/// <item>the priorities present are renumbered from 0 without gaps.</item>
/// </list>
/// </summary>
public static class FailoverPriorityLabels
{
    public const string NetworkLabel = "topology.istio.io/network";
    public const string ClusterLabel = "topology.istio.io/cluster";
    public const string RegionLabel = "topology.kubernetes.io/region";
    public const string ZoneLabel = "topology.kubernetes.io/zone";
    public const string SubzoneLabel = "topology.istio.io/subzone";

    /// <summary>Each endpoint's priority (0 first) for a proxy with <paramref name="proxyLabels"/>.</summary>
    /// <param name="proxyLabels">The proxy's labels (<see cref="Augment"/>ed).</param>
    /// <param name="endpointLabels">Each endpoint's labels (<see cref="Augment"/>ed).</param>
    /// <param name="failoverPriority">The rule's failoverPriority, as written.</param>
    /// <param name="istioMinor">"1.30" or "1.31": the network rule differs.</param>
    public static ImmutableArray<int> Priorities(
        IReadOnlyDictionary<string, string> proxyLabels,
        IReadOnlyList<IReadOnlyDictionary<string, string>> endpointLabels,
        IReadOnlyList<string> failoverPriority,
        string istioMinor)
    {
        if (proxyLabels.Count == 0 || endpointLabels.Count == 0)
        {
            return [.. endpointLabels.Select(_ => 0)];
        }

        var lowest = failoverPriority.Count;
        var includesNetwork = istioMinor != "1.30" && lowest > 0 && failoverPriority[0] == NetworkLabel;
        var names = new List<string>(lowest);
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in failoverPriority)
        {
            var parts = entry.Split('=');
            names.Add(parts[0]);
            if (parts.Length == 2)
            {
                overrides[parts[0]] = parts[1];
            }
        }

        var raw = endpointLabels.Select(labels =>
        {
            var priority = 0;
            var adjust = 0;
            for (var j = 0; j < names.Count; j++)
            {
                var forProxy = overrides.TryGetValue(names[j], out var value) ? value : proxyLabels.GetValueOrDefault(names[j]) ?? "";
                if (forProxy != (labels.GetValueOrDefault(names[j]) ?? ""))
                {
                    if (j == 0 && includesNetwork)
                    {
                        adjust = lowest;
                        continue;
                    }

                    priority = lowest - j;
                    break;
                }
            }

            return priority + adjust;
        }).ToList();
        return Renumber(raw);
    }

    /// <summary>
    /// The labels istiod gives a proxy or an endpoint beyond its own (serviceregistry/util/label/label.go,
    /// AugmentLabels, 1.30.3 and 1.31.0-rc.0): region, zone and subzone from its locality and the cluster ID,
    /// overwriting what it carries; every other label is kept as written. The network label is left out: the
    /// model does not know the network istiod's registry gives an endpoint without one.
    /// </summary>
    public static ImmutableSortedDictionary<string, string> Augment(IReadOnlyDictionary<string, string> labels, string? locality, string clusterId)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        builder.AddRange(labels);
        var parts = (locality ?? "").Split('/');
        string[] keys = [RegionLabel, ZoneLabel, SubzoneLabel];
        for (var i = 0; i < keys.Length && i < parts.Length; i++)
        {
            if (parts[i].Length > 0)
            {
                builder[keys[i]] = parts[i];
            }
        }

        builder[ClusterLabel] = clusterId;
        return builder.ToImmutable();
    }

    /// <summary>Priorities renumbered from 0 without gaps, in order (loadbalancer.go: "Priorities should range from 0 (highest) to N (lowest) without skipping").</summary>
    public static ImmutableArray<int> Renumber(IReadOnlyList<int> raw)
    {
        var order = raw.Distinct().Order().ToList();
        return [.. raw.Select(p => order.IndexOf(p))];
    }
}
