using System.Collections.Immutable;
using System.Text.Json;
using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Config;

/// <summary>Version routes: clients, ordered rules with header matches, weighted targets. Part of <see cref="MeshConfigParser"/>: every error names its key.</summary>
internal static class RouteConfigParser
{
    internal static ImmutableArray<RouteSpec> ParseRoutes(ConfigReader r, JsonElement config, ImmutableArray<ServiceSpec> services, HashSet<string> clusters)
    {
        var routes = new List<RouteSpec>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (item, path) in r.Array(config, "routes", MeshConfigParser.Root))
        {
            if (!r.IsObject(item, path))
            {
                continue;
            }

            r.RejectUnknownKeys(item, path, "service", "namespace", "clients", "http");
            var name = r.String(item, "service", path, required: true);
            var ns = r.String(item, "namespace", path, required: true);
            var service = services.FirstOrDefault(s => s.Name == name && s.Namespace == ns);
            // A service whose own entry has an error is declared all the same: that error is the one to fix.
            if (name is not null && ns is not null && service is null && !r.IsDeclared("service", $"{name}.{ns}"))
            {
                r.Error($"{path}.service", $"'{ConfigReader.Clip(name)}' in namespace '{ConfigReader.Clip(ns)}' is not an exported service; add it to mesh.services or fix the name");
            }
            else if (name is not null && ns is not null && !seen.TryAdd($"{name}.{ns}", path))
            {
                r.Error($"{path}.service", $"'{name}.{ns}' already has routes at {seen[$"{name}.{ns}"]}; merge them into one entry");
            }
            else if (service is not null && !service.Ports.Any(p => ListenerProtocol.IsHttp(p.Protocol)))
            {
                // The routes are a VirtualService's http rules, which Istio applies only on a port it proxies as HTTP
                // (pkg/config/protocol/instance.go, IsHTTP: HTTP, HTTP2, GRPC, GRPC-Web; core/tls.go builds a TCP proxy
                // for the rest, 1.30.3 and 1.31.0-rc.0): on TCP or TLS ports they would never match.
                r.Error($"{path}.service", $"'{name}.{ns}' has no HTTP port (ports: {string.Join(", ", service.Ports.Select(p => $"{p.Number} {p.Protocol}"))}), and Istio applies these http rules only on HTTP, HTTP2, GRPC or GRPC-WEB ports; set the protocol of the port they are for in mesh.services");
            }

            var clients = r.StringList(item, "clients", path);
            for (var i = 0; i < clients.Count; i++)
            {
                if (!clusters.Contains(clients[i]))
                {
                    r.UnknownCluster($"{path}.clients[{i}]", clients[i], clusters);
                }
            }

            var rules = ParseRules(r, item, path, service);
            if (service is not null)
            {
                var clientList = clients.Count == 0 ? clusters.Order(StringComparer.Ordinal).ToImmutableArray() : clients.Distinct().Order(StringComparer.Ordinal).ToImmutableArray();
                routes.Add(new RouteSpec(service.Name, service.Namespace, clientList, rules));
            }
        }

        return [.. routes];
    }

    internal static ImmutableArray<HttpRouteRule> ParseRules(ConfigReader r, JsonElement route, string routePath, ServiceSpec? service)
    {
        var rules = new List<HttpRouteRule>();
        var items = r.Array(route, "http", routePath, required: true).ToList();
        if (ConfigReader.TryGet(route, "http", out var list) && list.ValueKind == JsonValueKind.Array && items.Count == 0)
        {
            r.Error($"{routePath}.http", "must list at least one rule with a route");
        }

        foreach (var (item, path) in items)
        {
            if (!r.IsObject(item, path))
            {
                continue;
            }

            r.RejectUnknownKeys(item, path, "match", "route");
            var headers = new List<HeaderMatch>();
            if (ConfigReader.TryGet(item, "match", out var match) && r.IsObject(match, $"{path}.match"))
            {
                r.RejectUnknownKeys(match, $"{path}.match", "headers");
                foreach (var (header, condition, at) in r.Map(match, "headers", $"{path}.match"))
                {
                    if (!r.IsObject(condition, at))
                    {
                        continue;
                    }

                    r.RejectUnknownKeys(condition, at, "exact", "prefix", "regex");
                    var kinds = condition.EnumerateObject().Where(p => p.Name is "exact" or "prefix" or "regex").ToList();
                    if (kinds.Count != 1 || kinds[0].Value.ValueKind != JsonValueKind.String)
                    {
                        r.Error(at, "give exactly one of exact, prefix or regex, with a string value");
                        continue;
                    }

                    if (header.Length == 0 || !header.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                    {
                        r.Error(at, "is not a valid HTTP header name (letters, digits, '-' and '_')");
                        continue;
                    }

                    // One condition per header: a VirtualService match is a map keyed by the lowercased name.
                    if (headers.Any(h => h.Header == header.ToLowerInvariant()))
                    {
                        r.Error(at, $"header '{header.ToLowerInvariant()}' is already matched in this rule (header names are case-insensitive); give it one condition");
                        continue;
                    }

                    if (ConfigTextSafety.ControlProblem(kinds[0].Value.GetString()!) is { } control)
                    {
                        r.Error($"{at}.{kinds[0].Name}", control);
                        continue;
                    }

                    if (kinds[0].Name == "regex" && Re2Syntax.Problem(kinds[0].Value.GetString()!) is { } problem)
                    {
                        // Envoy compiles header regexes with RE2; .NET accepts patterns (and lookarounds) RE2 refuses.
                        r.Error($"{at}.regex", $"is not a regex Envoy's RE2 accepts: {problem}");
                        continue;
                    }

                    headers.Add(new HeaderMatch(header.ToLowerInvariant(), kinds[0].Name, kinds[0].Value.GetString()!));
                }
            }

            var targets = ParseTargets(r, item, path, service);
            rules.Add(new HttpRouteRule([.. headers.OrderBy(h => h.Header, StringComparer.Ordinal)], targets));
        }

        return [.. rules];
    }

    internal static ImmutableArray<WeightedVersion> ParseTargets(ConfigReader r, JsonElement rule, string rulePath, ServiceSpec? service)
    {
        var items = r.Array(rule, "route", rulePath, required: true).ToList();
        var targets = new List<WeightedVersion>();
        var weightsKnown = true;
        foreach (var (item, path) in items)
        {
            if (!r.IsObject(item, path))
            {
                continue;
            }

            r.RejectUnknownKeys(item, path, "version", "weight");
            var version = r.String(item, "version", path, required: true);
            var weight = r.Int(item, "weight", path, 0, 100);
            if (weight is null && items.Count > 1)
            {
                // A missing or broken weight has been reported; a sum over guesses would only add noise.
                weightsKnown = false;
                if (!ConfigReader.TryGet(item, "weight", out _))
                {
                    r.Error($"{path}.weight", "is required when a rule splits traffic over several versions");
                }
            }

            if (version is not null && service is not null && !service.Versions.Contains(version))
            {
                r.Error($"{path}.version", service.IsVersioned
                    ? $"no cluster runs version '{ConfigReader.Clip(version)}' of {service.Name}.{service.Namespace} (running: {string.Join(", ", service.Versions)})"
                    : $"{service.Name}.{service.Namespace} declares no versions; export it with 'versions' to route by version");
            }
            else if (version is not null && targets.Any(t => t.Version == version))
            {
                r.Error($"{path}.version", $"version '{version}' appears twice in this rule");
            }

            if (version is not null)
            {
                targets.Add(new WeightedVersion(version, weight ?? 100));
            }
        }

        if (weightsKnown && targets.Count > 0 && targets.Sum(t => t.Weight) != 100 && targets.Count == items.Count)
        {
            r.Error($"{rulePath}.route", $"weights add up to {targets.Sum(t => t.Weight)}; they must add up to 100");
        }

        return [.. targets];
    }
}
