using System.Collections.Immutable;
using MeshInfra.Model.Config;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The whole matrix: from a client pod in every cluster to every exported host and port through its
/// global name (the owner's own clients included), and every route rule with a request its header
/// match selects. Each cell compares what the traffic model finds over the objects with what the
/// config asks for: only pods of the service, each version's share as the route weights say, and
/// the client's own cluster where it runs what is asked for, else a cluster of its region (by the
/// stack's labels) where one does. Then the ingress cases (<see cref="IngressVerifier"/>).
/// </summary>
public static class MeshVerifier
{
    internal const double Tolerance = 1e-9;

    /// <summary>
    /// The share failing before ejection worth a warning. Below it lies what retries leave when the down gateway
    /// shares its priority with live ones (1/4096 of a half, say), a number that rests on reading Envoy's pick
    /// among equal hosts as a weighted draw (LEAST_REQUEST's two random choices may favour a host that fails fast).
    /// </summary>
    internal const double WindowWarningShare = 0.01;

    public static ImmutableArray<VerifyCase> Verify(MeshSpec spec, TrafficModel model)
    {
        var cases = ImmutableArray.CreateBuilder<VerifyCase>();
        // A down cluster's clients send nothing (--down): only the others are checked, against what is left.
        foreach (var cluster in spec.Clusters.Where(c => !model.Down.Contains(c.Name)))
        {
            foreach (var service in spec.Services)
            {
                var host = spec.GlobalHost(service);
                var route = spec.Routes.FirstOrDefault(r => r.Service == service.Name && r.Namespace == service.Namespace && r.Clients.Contains(cluster.Name));
                foreach (var port in service.Ports)
                {
                    if (route is null)
                    {
                        var plain = Check(model, Request(cluster.Name, host, port.Number, ImmutableSortedDictionary<string, string>.Empty), "default route", service, null, service.RunsIn(cluster.Name), SameRegion(spec, cluster, model.Down));
                        cases.Add(plain with { Warnings = [.. plain.Warnings, .. MixedVersions(spec, service, cluster.Name, plain)] });
                        continue;
                    }

                    foreach (var (rule, index) in route.Rules.Select((r, i) => (r, i)))
                    {
                        if (Headers(rule) is not { } headers)
                        {
                            cases.Add(NotExercised(cluster.Name, host, port.Number, $"route rule {index}", service));
                            continue;
                        }

                        // The first rule these headers select in the config is the one whose shares apply.
                        var selected = route.Rules.First(r => r.Headers.All(h => new HeaderCondition(h.Header, h.Kind, h.Value).Holds(headers)));
                        var expected = selected.Targets.ToImmutableSortedDictionary(t => t.Version, t => (double)t.Weight / selected.Targets.Sum(x => x.Weight), StringComparer.Ordinal);
                        var local = selected.Targets.All(t => service.VersionsIn(cluster.Name).Contains(t.Version));
                        cases.Add(Check(model, Request(cluster.Name, host, port.Number, headers), $"route rule {index}", service, expected, local, SameRegion(spec, cluster, model.Down)));
                    }

                    // A request no rule's match selects: where every rule has a match, Envoy answers it 404
                    // (no route), and the case fails on that; a catch-all rule is exercised above.
                    if (route.Rules.All(r => !r.Headers.IsEmpty))
                    {
                        cases.Add(Check(model, Request(cluster.Name, host, port.Number, ImmutableSortedDictionary<string, string>.Empty), "request matching no rule", service, null, service.RunsIn(cluster.Name), SameRegion(spec, cluster, model.Down)));
                    }
                }
            }
        }

        // The ways in: every ingress Gateway host and every rule bound to a gateway, from outside the mesh.
        cases.AddRange(IngressVerifier.Cases(model));
        return cases.ToImmutable();
    }

    /// <summary>
    /// A versioned service that a route steers for some clients but not for this cluster's: without a
    /// VirtualService its requests go to the host's endpoints whatever their version, canary included,
    /// which is rarely what narrowing the route meant. Named once per cell, with the versions mixed.
    /// </summary>
    private static ImmutableArray<VerifyProblem> MixedVersions(MeshSpec spec, ServiceSpec service, string cluster, VerifyCase plain)
    {
        var routed = spec.Routes.Where(r => r.Service == service.Name && r.Namespace == service.Namespace).SelectMany(r => r.Clients).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var versions = plain.Result.Arrivals.Select(a => a.Workload.Version).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (!service.IsVersioned || routed.Count == 0 || versions.Count < 2)
        {
            return [];
        }

        return [VerifyMessages.MixedVersions(cluster, $"{service.Name}.{service.Namespace}", routed, versions, plain.Result.SharesText)];
    }

    /// <summary>
    /// Headers the rule's match selects: the value itself for exact and prefix, and for a regex the
    /// first of a few simple readings of it that the regex accepts (its first alternative, without
    /// anchors and wildcards). Null when none does: that rule is reported as not exercised.
    /// </summary>
    private static ImmutableSortedDictionary<string, string>? Headers(HttpRouteRule rule)
    {
        var headers = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var header in rule.Headers)
        {
            var condition = new HeaderCondition(header.Header, header.Kind, header.Value);
            var name = header.Header.ToLowerInvariant();
            var value = header.Kind != "regex"
                ? header.Value
                : RegexSamples(header.Value).FirstOrDefault(v => condition.Holds(new Dictionary<string, string> { [name] = v }));
            if (value is null)
            {
                return null;
            }

            headers[name] = value;
        }

        return headers.ToImmutable();
    }

    internal static IEnumerable<string> RegexSamples(string pattern)
    {
        var first = pattern.Split('|')[0].Trim('(', ')', '^', '$');
        yield return pattern;
        yield return first;
        yield return first.Replace(".*", "", StringComparison.Ordinal).Replace(".+", "x", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal);
    }

    /// <summary>A rule whose regex no simple value matches: listed, not failed, so the table says what was not checked.</summary>
    private static VerifyCase NotExercised(string cluster, string host, int port, string label, ServiceSpec service)
    {
        var request = Request(cluster, host, port, ImmutableSortedDictionary<string, string>.Empty);
        return new VerifyCase(request, label, $"{service.Name}.{service.Namespace}",
            ImmutableSortedDictionary<string, double>.Empty, false, new TraceResult(request, [], [], []), []) { NotExercised = VerifyMessages.NoSampleHeaderValue() };
    }

    private static TraceRequest Request(string cluster, string host, int port, ImmutableSortedDictionary<string, string> headers) =>
        new(cluster, MeshTraffic.ProbeNamespace, MeshTraffic.ProbeWorkload, host, port, headers);

    /// <summary>
    /// The other clusters in <paramref name="cluster"/>'s region by the stack's labels (none without a region), those
    /// down (--down) left out: their endpoints are ejected, so Envoy spills the load over to the next locality priority
    /// (pilot/pkg/networking/core/loadbalancer/loadbalancer.go, ApplyLocalityLoadBalancer and applyLocalityFailover,
    /// 1.30.3 and 1.31.0-rc.0), and reaching another region then is what failover is for, not a fault.
    /// </summary>
    private static ImmutableArray<string> SameRegion(MeshSpec spec, ClusterSpec cluster, ImmutableSortedSet<string> down)
    {
        var region = cluster.Locality?.Split('/')[0];
        return region is null ? [] : [.. spec.Clusters.Where(c => c.Name != cluster.Name && !down.Contains(c.Name) && c.Locality?.Split('/')[0] == region).Select(c => c.Name)];
    }

    private static VerifyCase Check(TrafficModel model, TraceRequest request, string label, ServiceSpec service, ImmutableSortedDictionary<string, double>? expected, bool mustStayLocal, ImmutableArray<string> sameRegion)
    {
        var result = model.Trace(request, explain: false);
        var problems = new List<VerifyProblem>();
        problems.AddRange(HopFailures(result));
        if (result.Arrivals.IsEmpty && problems.Count == 0)
        {
            problems.Add(VerifyMessages.NothingReached());
        }

        foreach (var arrival in result.Arrivals.Select(a => a.Workload).Distinct())
        {
            if (arrival.App != service.Name || arrival.Namespace != service.Namespace)
            {
                problems.Add(VerifyMessages.WrongService(arrival.ToString(), $"{service.Name}.{service.Namespace}"));
            }
            else if (mustStayLocal && arrival.Cluster != request.Cluster)
            {
                problems.Add(VerifyMessages.LeavesOwnCluster(arrival.ToString(), request.Cluster));
            }
            else if (!service.RunsIn(arrival.Cluster) || (arrival.Version is { } v && service.IsVersioned && !service.VersionsIn(arrival.Cluster).Contains(v)))
            {
                problems.Add(VerifyMessages.NotPlacedThere(arrival.ToString()));
            }
            else if (arrival.Cluster != request.Cluster && !sameRegion.Contains(arrival.Cluster)
                && sameRegion.Where(c => Runs(service, c, arrival.Version)).ToList() is { Count: > 0 } nearer)
            {
                problems.Add(VerifyMessages.OutsideRegion(arrival.ToString(), request.Cluster, nearer));
            }
        }

        var byVersion = result.Arrivals.GroupBy(a => a.Workload.Version ?? "").ToDictionary(g => g.Key, g => g.Sum(a => a.Share), StringComparer.Ordinal);
        var expectedVersions = expected ?? ImmutableSortedDictionary<string, double>.Empty;
        // Shares are read only where every pod reached is one the case asks for; then every version off its share is
        // named (the first alone would hide where the rest went, pods without a version among them).
        if (expected is not null && problems.Count == 0)
        {
            foreach (var version in expected.Keys.Union(byVersion.Keys).Order(StringComparer.Ordinal))
            {
                var want = expected.GetValueOrDefault(version);
                var got = byVersion.GetValueOrDefault(version);
                if (SharesDiffer(want, got))
                {
                    problems.Add(VerifyMessages.ShareMismatch(version, got, want));
                }
            }
        }

        // A case that holds once the down gateway is ejected may still lose requests before: a warning, as it passes.
        ImmutableArray<VerifyProblem> window = problems.Count == 0 && WorthAWindowWarning(result.FailingBeforeEjection)
            ? [VerifyMessages.FailsBeforeEjection(request.ToString(), label, result.FailingBeforeEjection, model.Down)]
            : [];
        return new VerifyCase(request, label, $"{service.Name}.{service.Namespace}", expectedVersions, mustStayLocal, result, [.. problems]) { Warnings = window };
    }

    /// <summary>A version's share differs from the route's: by more than the rounding of the shares' arithmetic.</summary>
    internal static bool SharesDiffer(double want, double got) => Math.Abs(want - got) > Tolerance;

    /// <summary>A share failing before ejection worth a warning: <see cref="WindowWarningShare"/> or more.</summary>
    internal static bool WorthAWindowWarning(double failingBeforeEjection) => failingBeforeEjection >= WindowWarningShare;

    /// <summary>Each distinct failing hop of the trace, with its kind.</summary>
    internal static IEnumerable<VerifyProblem> HopFailures(TraceResult result) =>
        result.Failures.DistinctBy(f => f.ToString()).Select(f => VerifyMessages.HopFails(f.Kind, f.ToString()));

    private static bool Runs(ServiceSpec service, string cluster, string? version) =>
        service.RunsIn(cluster) && (version is null || !service.IsVersioned || service.VersionsIn(cluster).Contains(version));
}
