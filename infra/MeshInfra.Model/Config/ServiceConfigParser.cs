using System.Collections.Immutable;
using System.Text.Json;
using MeshInfra.Model.Addressing;

namespace MeshInfra.Model.Config;

/// <summary>Exported services: ports, instances (clusters and versions), pinned addresses, service accounts, and the samples exported as services. Part of <see cref="MeshConfigParser"/>: every error names its key.</summary>
internal static class ServiceConfigParser
{
    internal static ImmutableArray<ServiceSpec> ParseServices(ConfigReader r, JsonElement config, HashSet<string> clusters, Ipv4Cidr pool)
    {
        var services = new List<ServiceSpec>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (item, path) in r.Array(config, "services", MeshConfigParser.Root))
        {
            if (!r.IsObject(item, path))
            {
                continue;
            }

            r.RejectUnknownKeys(item, path, "name", "namespace", "ports", "clusters", "versions", "address", "serviceAccount", "verifyIdentity", "sidecar");
            var name = r.String(item, "name", path, required: true);
            var ns = r.String(item, "namespace", path, required: true);
            CheckLabel(r, name, $"{path}.name");
            CheckLabel(r, ns, $"{path}.namespace");
            if ((name ?? r.WrittenAs($"{path}.name")) is { } declaredName && (ns ?? r.WrittenAs($"{path}.namespace")) is { } declaredNs)
            {
                r.Declare("service", $"{declaredName}.{declaredNs}");
            }

            if (name is not null && ns is not null && !seen.TryAdd($"{name}.{ns}", path))
            {
                r.Error($"{path}.name", $"'{ConfigReader.Clip(name)}' in namespace '{ConfigReader.Clip(ns)}' is already exported by {seen[$"{name}.{ns}"]}; merge the two entries");
            }

            var ports = ParsePorts(r, item, path);
            var instances = ParseInstances(r, item, path, clusters);
            Ipv4Address? pinned = null;
            var address = r.String(item, "address", path);
            if (address is not null)
            {
                if (!Ipv4Address.TryParse(address, out var parsed))
                {
                    r.Error($"{path}.address", $"'{ConfigReader.Clip(address)}' is not an IPv4 address");
                }
                else if (!pool.Contains(parsed) || parsed == pool.First || parsed == pool.Last)
                {
                    r.Error($"{path}.address", $"{parsed} is outside the usable part of mesh.addressPool {pool}; pick an address inside it or widen the pool");
                }
                else
                {
                    pinned = parsed;
                }
            }

            var serviceAccount = r.String(item, "serviceAccount", path);
            if (serviceAccount is not null && !Names.IsDnsSubdomain(serviceAccount))
            {
                r.Error($"{path}.serviceAccount", $"'{ConfigReader.Clip(serviceAccount)}' is not a valid service account name (lowercase letters, digits, '-' and '.')");
            }

            // Pods without a sidecar (a database) have no Istio mTLS endpoint: the east-west gateway's
            // AUTO_PASSTHROUGH chain keeps only endpoints with tlsMode istio (ep_filters.go,
            // EndpointsWithMTLSFilter, 1.30.3 and 1.31.0-rc.0), and the client's mTLS goes end to end,
            // so every request would get 503. Refused here, until a gateway-terminated mode exists.
            if (r.Bool(item, "sidecar", path) == false)
            {
                r.Error($"{path}.sidecar", $"false: {name}.{ns} cannot be exported across clusters, since the east-west gateway passes the client's mTLS through to the pod and keeps only pods with an Istio sidecar (every request would get 503); inject a sidecar into its pods, or leave it out of mesh.services");
            }

            // Identity is pinned unless the stack opts out for this service, explicitly and warned.
            var verifyIdentity = r.Bool(item, "verifyIdentity", path) ?? true;
            if (!verifyIdentity && serviceAccount is not null)
            {
                r.Error($"{path}.verifyIdentity", $"is false, yet serviceAccount '{ConfigReader.Clip(serviceAccount)}' names the identity to verify; remove one of the two");
            }
            else if (!verifyIdentity)
            {
                r.Warn($"{path}.verifyIdentity", $"false: clients of {name}.{ns} accept any workload certificate signed by the mesh's root as the server, not only {name}'s; set serviceAccount to the account its pods run as instead");
            }

            if (name is not null && ns is not null && ports.Length > 0 && instances.Length > 0)
            {
                services.Add(new ServiceSpec(name, ns, ports, instances, pinned) { ServiceAccount = verifyIdentity ? serviceAccount ?? ServiceSpec.DefaultServiceAccount : null });
            }
        }

        return [.. services];
    }

    internal static void CheckLabel(ConfigReader r, string? value, string path)
    {
        if (value is not null && !Names.IsDns1123Label(value))
        {
            r.Error(path, $"'{ConfigReader.Clip(value)}' is not a valid name ({Names.Dns1123LabelRule})");
        }
    }

    internal static ImmutableArray<ServicePort> ParsePorts(ConfigReader r, JsonElement service, string servicePath)
    {
        var ports = new List<ServicePort>();
        var items = r.Array(service, "ports", servicePath, required: true).ToList();
        if (ConfigReader.TryGet(service, "ports", out var list) && list.ValueKind == JsonValueKind.Array && items.Count == 0)
        {
            r.Error($"{servicePath}.ports", "must list at least one port (name, number, protocol)");
        }

        foreach (var (item, path) in items)
        {
            if (!r.IsObject(item, path))
            {
                continue;
            }

            r.RejectUnknownKeys(item, path, "name", "number", "protocol");
            var number = r.Int(item, "number", path, 1, 65535, required: true);
            var protocol = r.OneOf(item, "protocol", path, ServicePort.Protocols) ?? "TCP";
            var name = r.String(item, "name", path) ?? (number is null ? null : $"{protocol.ToLowerInvariant()}-{number}");
            // Kubernetes port names are IANA service names: at most 15 characters.
            if (name is not null && (!Names.IsDns1123Label(name) || name.Length > 15))
            {
                r.Error($"{path}.name", $"'{ConfigReader.Clip(name)}' is not a valid port name (at most 15 lowercase letters, digits and '-')");
            }

            if (number == 15443)
            {
                r.Error($"{path}.number", "15443 is the east-west gateway's own port; choose another service port");
            }

            if (number is not null && name is not null)
            {
                if (ports.Any(p => p.Number == number))
                {
                    r.Error($"{path}.number", $"port {number} is listed twice");
                }
                else if (ports.Any(p => p.Name == name))
                {
                    r.Error($"{path}.name", $"port name '{name}' is listed twice");
                }
                else
                {
                    ports.Add(new ServicePort(name, number.Value, protocol));
                }
            }
        }

        return [.. ports];
    }

    internal static ImmutableArray<ServiceInstance> ParseInstances(ConfigReader r, JsonElement service, string path, HashSet<string> clusters)
    {
        var hasClusters = ConfigReader.TryGet(service, "clusters", out _);
        var hasVersions = ConfigReader.TryGet(service, "versions", out _);
        if (hasClusters == hasVersions)
        {
            r.Error(path, "give exactly one of 'clusters' (a list of cluster names) or 'versions' (a map of version to cluster names)");
            return [];
        }

        var instances = new List<ServiceInstance>();
        if (hasClusters)
        {
            var names = r.StringList(service, "clusters", path);
            if (names.Count == 0)
            {
                r.Error($"{path}.clusters", "must name at least one cluster");
            }

            for (var i = 0; i < names.Count; i++)
            {
                AddInstance(r, instances, clusters, names[i], null, $"{path}.clusters[{i}]");
            }
        }
        else
        {
            var versions = r.Map(service, "versions", path).ToList();
            if (versions.Count == 0)
            {
                r.Error($"{path}.versions", "must map at least one version to its clusters, e.g. v1: [cluster1]");
            }

            foreach (var (version, value, at) in versions)
            {
                if (!Names.IsDns1123Label(version))
                {
                    r.Error(at, $"'{ConfigReader.Clip(version)}' is not a valid version name ({Names.Dns1123LabelRule})");
                    continue;
                }

                // `v1: cluster1` is accepted as shorthand for `v1: [cluster1]`.
                var names = value.ValueKind switch
                {
                    JsonValueKind.String => [value.GetString()!],
                    JsonValueKind.Array => value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : "").ToList(),
                    _ => null,
                };
                if (names is null || names.Count == 0)
                {
                    r.Error(at, $"expected a cluster name or a list of them, got {ConfigReader.Describe(value)}");
                    continue;
                }

                for (var i = 0; i < names.Count; i++)
                {
                    AddInstance(r, instances, clusters, names[i], version, value.ValueKind == JsonValueKind.Array ? $"{at}[{i}]" : at);
                }
            }
        }

        return [.. instances];
    }

    internal static void AddInstance(ConfigReader r, List<ServiceInstance> instances, HashSet<string> clusters, string cluster, string? version, string path)
    {
        if (!clusters.Contains(cluster))
        {
            r.UnknownCluster(path, cluster, clusters);
        }
        else if (instances.Any(i => i.Cluster == cluster && i.Version == version))
        {
            r.Error(path, $"'{cluster}' is listed twice");
        }
        else
        {
            instances.Add(new ServiceInstance(cluster, version));
        }
    }

    /// <summary>
    /// Samples that serve traffic are exported like any service, unless the stack already exports
    /// one of the same name and namespace (the stack's own entry then wins).
    /// </summary>
    internal static ImmutableArray<ServiceSpec> AddSampleServices(ImmutableArray<ServiceSpec> services, SamplesSpec samples)
    {
        var result = services.ToList();
        void Add(ServiceSpec s)
        {
            if (!result.Any(e => e.Name == s.Name && e.Namespace == s.Namespace))
            {
                result.Add(s);
            }
        }

        if (samples.Httpbin is { } httpbin)
        {
            // The samples' pods run as these service accounts (SampleWorkloads), so clients can check them.
            Add(new ServiceSpec("httpbin", httpbin.Namespace, [new ServicePort("http", 8000, "HTTP")], [new ServiceInstance(httpbin.Cluster, null)], null) { ServiceAccount = "httpbin" });
        }

        if (samples.Bookinfo is { } bookinfo)
        {
            ImmutableArray<ServicePort> http = [new ServicePort("http", 9080, "HTTP")];
            Add(new ServiceSpec("productpage", bookinfo.Namespace, http, [new ServiceInstance(bookinfo.Productpage, "v1")], null) { ServiceAccount = "bookinfo-productpage" });
            Add(new ServiceSpec("details", bookinfo.Namespace, http, [new ServiceInstance(bookinfo.Details, "v1")], null) { ServiceAccount = "bookinfo-details" });
            Add(new ServiceSpec("ratings", bookinfo.Namespace, http, [new ServiceInstance(bookinfo.Ratings, "v1")], null) { ServiceAccount = "bookinfo-ratings" });
            Add(new ServiceSpec("reviews", bookinfo.Namespace, http,
                bookinfo.Reviews.Select(v => new ServiceInstance(v.Value, v.Key)).ToImmutableArray(), null) { ServiceAccount = "bookinfo-reviews" });
        }

        return [.. result];
    }

    internal static void CheckAddresses(ConfigReader r, ImmutableArray<ServiceSpec> services, Ipv4Cidr pool)
    {
        var pinnedBy = new Dictionary<Ipv4Address, string>();
        for (var i = 0; i < services.Length; i++)
        {
            if (services[i].PinnedAddress is { } address && !pinnedBy.TryAdd(address, $"{services[i].Name}.{services[i].Namespace}"))
            {
                r.Error($"{MeshConfigParser.Root}.services[{i}].address", $"{address} is already pinned by {pinnedBy[address]}; each global host needs its own address");
            }
        }

        // First and last addresses of the pool are kept free so the pool reads like a subnet.
        var capacity = pool.Size > 2 ? pool.Size - 2 : 0;
        if ((ulong)services.Length > capacity)
        {
            r.Error($"{MeshConfigParser.Root}.addressPool", $"{pool} holds {capacity} service addresses but the mesh exports {services.Length} services; use a shorter prefix (e.g. /{Math.Max(4, 32 - (int)Math.Ceiling(Math.Log2(services.Length + 2)) - 1)})");
        }
    }

    /// <summary>Subsets are named after clusters and versions; the two must not share a name.</summary>
    internal static void CheckSubsetNames(ConfigReader r, ImmutableArray<ServiceSpec> services, HashSet<string> clusters)
    {
        foreach (var service in services)
        {
            foreach (var version in service.Versions.Where(clusters.Contains))
            {
                r.Error($"{MeshConfigParser.Root}.services", $"{service.Name}.{service.Namespace} has a version named '{version}', which is also a cluster name; rename the version (subsets are named after both)");
            }
        }
    }
}
