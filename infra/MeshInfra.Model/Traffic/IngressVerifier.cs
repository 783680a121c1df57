using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// verify's cases for the ways into the mesh, from the objects each cluster holds: for every plain-HTTP
/// server of a Gateway that selects an ingress gateway pod, one request per host it lists; for every rule
/// of a VirtualService bound to such a Gateway, one request whose path (and headers) its first match
/// selects; and per listener one request no rule matches, which must end in 404. Each request comes from
/// outside the mesh; a case passes when it reaches only pods of the rule's destination hosts (or, for the
/// 404 case, no pod, stopped by the route).
/// </summary>
public static class IngressVerifier
{
    /// <summary>A path no MeshInfra sample serves: the 404 case.</summary>
    public const string UnroutedPath = "/meshinfra-verify-no-route";

    public static IEnumerable<VerifyCase> Cases(TrafficModel model)
    {
        foreach (var cluster in model.Clusters.Values.Where(c => !model.Down.Contains(c.Name)).OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var pods = cluster.Workloads.Where(TrafficModel.IsIngressPod).ToList();
            var gatewayService = cluster.Services.Where(s => !s.FromServiceEntry && !s.Selector.IsEmpty && pods.Any(p => p.Namespace == s.Namespace && p.Matches(s.Selector)))
                .OrderBy(s => s.Host, StringComparer.Ordinal).FirstOrDefault();
            var servers = cluster.GatewayServers.Where(s => s.IsPlainHttp && pods.Any(p => p.Matches(s.Selector))).ToList();
            if (gatewayService is not null && servers.Count == 0)
            {
                // An ingress gateway no Gateway serves: listed, so the table says that no way in was checked there.
                var request = TraceRequest.FromOutside(cluster.Name, "*", gatewayService.Ports.FirstOrDefault(p => p.Number == 80)?.Number ?? 80, "/", ImmutableSortedDictionary<string, string>.Empty);
                yield return new VerifyCase(request, "ingress", "",
                    ImmutableSortedDictionary<string, double>.Empty, false, new TraceResult(request, [], [], []), []) { NotExercised = VerifyMessages.IngressNotServed() };
            }

            // Plain-HTTP servers whose ports land on one pod listener share its route config (gateway.go, MergeGateways:
            // resolvePorts gives each server the targetPort of the Service port of its number, and every HTTP server on one
            // resolved port is served by the RDS route http.<port>, 1.30.3 and 1.31.0-rc.0): one group per listener, its
            // virtual hosts built from all of them, dialled through a Service port that lands there.
            var listenerPod = gatewayService is null ? null : pods.FirstOrDefault(p => p.Namespace == gatewayService.Namespace && p.Matches(gatewayService.Selector));
            var groups = servers.GroupBy(s => listenerPod is null ? s.Port : TrafficModel.GatewayListener(cluster, listenerPod, s.Port))
                .Select(g => (Port: DialPort(gatewayService, listenerPod, g.Key), Servers: g)).OrderBy(g => g.Port).ThenBy(g => g.Servers.Key);
            foreach (var (port, group) in groups)
            {
                var routes = IngressRoutes.Build(group, cluster.GatewayVirtualServicesFor(gatewayService?.Namespace ?? pods[0].Namespace));
                foreach (var server in group)
                {
                    foreach (var host in server.Hosts.Select(h => h.Split('/', 2)[^1]).Distinct(StringComparer.Ordinal))
                    {
                        var authority = SampleHost(host);
                        var domain = GatewayHosts.VirtualHost(routes.Keys, authority);
                        var label = $"ingress host {host} of {server.GatewayName}";
                        if (domain is null)
                        {
                            // No VirtualService serves the host: the request at "/" must show why (a 404 the trace names).
                            yield return Check(model, TraceRequest.FromOutside(cluster.Name, authority, port, "/", ImmutableSortedDictionary<string, string>.Empty), label, null);
                            continue;
                        }

                        // The first rule with a sample gives the request (else "/"); the rule it reaches is the one Envoy matches
                        // first (IngressRoutes.Select): a rule verify cannot sample, a regex, may take it.
                        var (path, headers) = routes[domain].Select(r => Sample(r.Rule, 0)).FirstOrDefault(s => s is not null)
                            ?? ("/", ImmutableSortedDictionary<string, string>.Empty);
                        var selected = IngressRoutes.Select(routes[domain], headers, path).Rule;
                        var request = TraceRequest.FromOutside(cluster.Name, authority, port, path, headers);
                        if (selected is null)
                        {
                            // Only regexes with no simple sample, none of which takes "/": no request verify can derive is routed.
                            yield return new VerifyCase(request, label, string.Join(", ", routes[domain].SelectMany(r => r.Rule.Destinations).Select(d => d.Host).Distinct(StringComparer.Ordinal)),
                                ImmutableSortedDictionary<string, double>.Empty, false, new TraceResult(request, [], [], []), []) { NotExercised = VerifyMessages.NoSamplePath() };
                            continue;
                        }

                        yield return Check(model, request, label, selected);
                    }
                }

                foreach (var (domain, rules) in routes)
                {
                    foreach (var (service, rule) in rules)
                    {
                        // One request per match block: each uri a rule names is a way in.
                        foreach (var block in Enumerable.Range(0, Math.Max(1, rule.Matches.Length)))
                        {
                            var label = $"ingress rule {rule.Index}" + (rule.Matches.Length > 1 ? $" match {block}" : "") + $" of {service.Source.Namespace}/{service.Source.Name}";
                            var authority = SampleHost(domain);
                            if (Sample(rule, block) is not { } sample)
                            {
                                var request = TraceRequest.FromOutside(cluster.Name, authority, port, "/", ImmutableSortedDictionary<string, string>.Empty);
                                yield return new VerifyCase(request, label, Destinations(rule),
                                    ImmutableSortedDictionary<string, double>.Empty, false, new TraceResult(request, [], [], []), []) { NotExercised = VerifyMessages.NoSamplePath() };
                                continue;
                            }

                            yield return Check(model, TraceRequest.FromOutside(cluster.Name, authority, port, sample.Path, sample.Headers), label, rule);
                        }
                    }
                }

                // Only where some path matches nothing: a rule for every path (no match, or uri prefix /) leaves no 404 to prove.
                if (routes.Count > 0 && !routes.GetAt(0).Value.Any(r => r.Rule.Selects(ImmutableSortedDictionary<string, string>.Empty, UnroutedPath)))
                {
                    var request = TraceRequest.FromOutside(cluster.Name, SampleHost(routes.GetAt(0).Key), port, UnroutedPath, ImmutableSortedDictionary<string, string>.Empty);
                    yield return NotFound(model, request);
                }
            }
        }
    }

    /// <summary>The gateway Service's port that reaches a pod listener: the lowest whose targetPort it is, else the listener's number.</summary>
    private static int DialPort(RegistryService? service, Workload? pod, int listener) =>
        service is null || pod is null
            ? listener
            : service.Ports.Where(p => p.PodPort(pod) == listener).Select(p => (int?)p.Number).Order().FirstOrDefault() ?? listener;

    /// <summary>A concrete Host a host pattern accepts: <c>*</c> and <c>*.suffix</c> get a made-up first label.</summary>
    private static string SampleHost(string host) =>
        host == "*" ? "meshinfra-verify.example" : host.StartsWith("*.", StringComparison.Ordinal) ? "meshinfra-verify" + host[1..] : host;

    /// <summary>A path and headers a match block of the rule selects, or null when a regex has no simple sample.</summary>
    private static (string Path, ImmutableSortedDictionary<string, string> Headers)? Sample(HttpRouteView rule, int block)
    {
        if (rule.Matches.IsEmpty)
        {
            return ("/", ImmutableSortedDictionary<string, string>.Empty);
        }

        var headers = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var condition in rule.Matches[block])
        {
            var name = condition.Header.ToLowerInvariant();
            var value = condition.Kind == "regex"
                ? MeshVerifier.RegexSamples(condition.Value).FirstOrDefault(v => condition.Holds(new Dictionary<string, string> { [name] = v }))
                : condition.Value;
            if (value is null)
            {
                return null;
            }

            headers[name] = value;
        }

        var path = rule.UriAt(block) switch
        {
            null => "/",
            { Kind: "regex" } uri => MeshVerifier.RegexSamples(uri.Value).Select(p => p.StartsWith('/') ? p : "/" + p).FirstOrDefault(uri.Holds),
            { } uri => uri.Value,
        };
        return path is null ? null : (path, headers.ToImmutable());
    }

    private static string Destinations(HttpRouteView rule) =>
        rule.OwnAnswer is { } answer ? $"its {answer}"
        : rule.Delegate is { } delegateTo ? $"the routes of VirtualService {delegateTo}"
        : string.Join(", ", rule.Destinations.Select(d => d.Host).Distinct(StringComparer.Ordinal));

    private static VerifyCase Check(TrafficModel model, TraceRequest request, string label, HttpRouteView? rule)
    {
        var result = model.Trace(request, explain: false);
        var problems = MeshVerifier.HopFailures(result).ToList();
        // A rule with a redirect or a direct response does what it names when the gateway answers and no pod is reached.
        if (result.Arrivals.IsEmpty && problems.Count == 0 && rule?.OwnAnswer is null)
        {
            problems.Add(VerifyMessages.NothingReached());
        }

        var wanted = rule?.Destinations.Select(d => WorkloadOf(d.Host)).ToHashSet() ?? [];
        foreach (var arrival in result.Arrivals.Select(a => a.Workload).Distinct())
        {
            if (!wanted.Contains((arrival.App ?? arrival.Name, arrival.Namespace)))
            {
                problems.Add(VerifyMessages.WrongService(arrival.ToString(), rule is null ? "what a rule names" : Destinations(rule)));
            }
        }

        return new VerifyCase(request, label, rule is null ? "" : Destinations(rule), ImmutableSortedDictionary<string, double>.Empty, false, result, [.. problems]);
    }

    /// <summary>The 404 case: passes when the gateway stops the request at its route or host, and nothing is reached.</summary>
    private static VerifyCase NotFound(TrafficModel model, TraceRequest request)
    {
        var result = model.Trace(request, explain: false);
        var problems = new List<VerifyProblem>();
        if (!result.Arrivals.IsEmpty)
        {
            problems.Add(VerifyMessages.UnroutedPathAnswered(result.Arrivals.Select(a => a.Workload).Distinct().Select(w => w.ToString())));
        }
        else if (!result.Failures.Any(f => f.Kind is FailureKind.NoRouteMatch or FailureKind.NoVirtualHostMatch or FailureKind.NoVirtualHostBound))
        {
            problems.AddRange(MeshVerifier.HopFailures(result));
        }

        return new VerifyCase(request, "ingress 404: no rule matches", "", ImmutableSortedDictionary<string, double>.Empty, false, result, [.. problems]);
    }

    /// <summary>A destination host's service as (name, namespace): <c>name.ns.svc.cluster.local</c> or <c>name.ns.&lt;globalDomain&gt;</c>.</summary>
    private static (string Name, string Namespace) WorkloadOf(string host)
    {
        var labels = host.Split('.');
        return labels.Length >= 2 ? (labels[0], labels[1]) : (host, "");
    }
}
