using System.Collections.Immutable;
using System.Text.Json;
using MeshInfra.Model.Addressing;
using MeshInfra.Model.Federation;
using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Config;

/// <summary>
/// Turns the stack's <c>mesh-infra:mesh</c> value into a <see cref="MeshSpec"/>, validating the whole
/// config in one pass: every problem is reported at once, each naming its full key path and the fix.
/// Nothing is planned, let alone declared, from a config that has any error.
/// </summary>
public static class MeshConfigParser
{
    public const string Root = "mesh";

    /// <summary>253 (a DNS name) minus two 63-character labels and their dots.</summary>
    public const int MaxGlobalDomainLength = 125;

    private static readonly string[] RootKeys =
        ["meshId", "istio", "globalDomain", "addressPool", "trust", "trustDomain", "mtls", "outlierDetection", "dns", "clusters", "services", "routes", "samples", "federated", "externalDns"];

    /// <summary>Parses and validates; throws <see cref="MeshConfigException"/> with every error.</summary>
    public static MeshSpec Parse(JsonElement config)
    {
        var (spec, errors) = TryParse(config);
        return errors.Count == 0 ? spec! : throw new MeshConfigException(errors);
    }

    public static (MeshSpec? Spec, IReadOnlyList<ConfigError> Errors) TryParse(JsonElement config)
    {
        var r = new ConfigReader();
        if (!r.IsObject(config, Root))
        {
            return (null, r.Errors);
        }

        // No editor or engine writes a lone surrogate, so one check up front beats guarding every read.
        if (ConfigReader.FindUndecodable(config, Root) is { } undecodable)
        {
            r.Error(undecodable, "is not valid Unicode text (a lone UTF-16 surrogate); write it again as plain text");
            return (null, r.Errors);
        }

        r.RejectUnknownKeys(config, Root, RootKeys);

        var meshId = r.String(config, "meshId", Root, required: true);
        if (meshId is not null && !Names.IsDns1123Label(meshId))
        {
            r.Error($"{Root}.meshId", $"'{ConfigReader.Clip(meshId)}' is not a valid name ({Names.Dns1123LabelRule})");
        }

        var istio = ParseIstio(r, config);
        var domain = r.String(config, "globalDomain", Root) ?? MeshSpec.DefaultGlobalDomain;
        if (!Names.IsDnsDomain(domain))
        {
            r.Error($"{Root}.globalDomain", $"'{ConfigReader.Clip(domain)}' is not a valid DNS domain (dot-separated labels of lowercase letters, digits and '-')");
        }
        else if (domain.Length > MaxGlobalDomainLength)
        {
            // <name>.<namespace>.<domain> must stay a valid DNS name (253) for 63-character names and namespaces.
            r.Error($"{Root}.globalDomain", $"is {domain.Length} characters long; at most {MaxGlobalDomainLength} leave room for '<name>.<namespace>.' in every global host");
        }
        else if (domain is "local" || domain.EndsWith(".local", StringComparison.Ordinal) || domain == "cluster.local")
        {
            r.Error($"{Root}.globalDomain", $"'{domain}' collides with Kubernetes' own cluster.local names; use another domain such as 'global'");
        }

        var pool = ParsePool(r, config);
        var trust = ParseTrust(r, config);
        var trustDomain = r.String(config, "trustDomain", Root) ?? MeshSpec.DefaultTrustDomain;
        if (!Names.IsDnsDomain(trustDomain))
        {
            r.Error($"{Root}.trustDomain", $"'{ConfigReader.Clip(trustDomain)}' is not a valid trust domain (dot-separated labels of lowercase letters, digits and '-', e.g. 'cluster.local')");
        }

        var outlier = ParseOutlierDetection(r, config);
        var mtls = r.OneOf(config, "mtls", Root, "PERMISSIVE", "STRICT") == "STRICT" ? MtlsMode.Strict : MtlsMode.Permissive;
        var defaultDns = ParseDns(r, config, Root) ?? DnsMode.Corefile;
        var zone = ParseExternalDnsZone(r, config);
        var clusters = ParseClusters(r, config, defaultDns, zone);
        var clusterNames = clusters.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var samples = ParseSamples(r, config, clusters);
        var services = ParseServices(r, config, clusterNames, pool);
        services = AddSampleServices(services, samples);
        CheckAddresses(r, services, pool);
        CheckSubsetNames(r, services, clusterNames);
        var routes = ParseRoutes(r, config, services, clusterNames);
        var federated = FederatedConfigParser.Parse(r, config, clusters);

        if (r.Errors.Count > 0)
        {
            return (null, r.Errors);
        }

        var spec = new MeshSpec(meshId!, istio, domain, pool, trust, mtls, clusters, services, routes, samples, federated) { TrustDomain = trustDomain, OutlierDetection = outlier };

        // One warning channel: what the reader saw (a retiring chart source) and routes that drop traffic.
        return (spec with { Warnings = [.. r.Warnings, .. RouteWarnings.For(spec)] }, r.Errors);
    }

    private static IstioSpec ParseIstio(ConfigReader r, JsonElement config) => IstioConfigParser.Parse(r, config, Root);

    private static Ipv4Cidr ParsePool(ConfigReader r, JsonElement config)
    {
        var defaultPool = new Ipv4Cidr(new Ipv4Address(0xF0000000), 16);
        var text = r.String(config, "addressPool", Root);
        if (text is null)
        {
            return defaultPool;
        }

        var path = $"{Root}.addressPool";
        if (!Ipv4Cidr.TryParse(text, out var pool, out var hostBits))
        {
            r.Error(path, $"'{ConfigReader.Clip(text)}' is not an IPv4 prefix such as '240.0.0.0/16'");
            return defaultPool;
        }

        if (hostBits)
        {
            r.Error(path, $"'{text}' has host bits set; write the network address, e.g. '{new Ipv4Address(pool.Network.Value & pool.Mask)}/{pool.PrefixLength}'");
            return defaultPool;
        }

        if (!Ipv4Cidr.ClassE.Contains(pool))
        {
            r.Error(path, $"'{text}' lies outside the class-E range 240.0.0.0/4; mesh addresses must not collide with routable ones");
            return defaultPool;
        }

        if (pool.Contains(IstioAutoAllocatePool.Network) || IstioAutoAllocatePool.Contains(pool.Network))
        {
            // Istio gives ServiceEntries without addresses one from this range
            // (PILOT_IP_AUTOALLOCATE_IPV4_PREFIX, default 240.240.0.0/16): two services on one address.
            r.Error(path, $"'{text}' overlaps Istio's automatic ServiceEntry address range {IstioAutoAllocatePool}; choose a pool outside it, e.g. '240.0.0.0/16'");
            return defaultPool;
        }

        return pool;
    }

    private static TrustSpec ParseTrust(ConfigReader r, JsonElement config)
    {
        var path = $"{Root}.trust";
        var fallback = new TrustSpec(TrustMode.Generated, TrustSpec.DefaultValidityDays, TrustSpec.DefaultValidityDays);
        if (!ConfigReader.TryGet(config, "trust", out var trust) || !r.IsObject(trust, path))
        {
            return fallback;
        }

        r.RejectUnknownKeys(trust, path, "mode", "rootValidityDays", "intermediateValidityDays");
        var mode = r.OneOf(trust, "mode", path, "generated", "provided") == "provided" ? TrustMode.Provided : TrustMode.Generated;
        var rootDays = r.Int(trust, "rootValidityDays", path, 1, 36500) ?? TrustSpec.DefaultValidityDays;
        var intermediateDays = r.Int(trust, "intermediateValidityDays", path, 1, 36500) ?? TrustSpec.DefaultValidityDays;
        if (mode == TrustMode.Generated && intermediateDays > rootDays)
        {
            r.Error($"{path}.intermediateValidityDays", $"{intermediateDays} days outlives the root's {rootDays}; an intermediate cannot be valid longer than the root that signs it");
        }

        return new TrustSpec(mode, rootDays, intermediateDays);
    }

    private static DnsMode? ParseDns(ConfigReader r, JsonElement obj, string path) =>
        r.OneOf(obj, "dns", path, "corefile", "coredns-custom", "none", "remove") switch
        {
            "corefile" => DnsMode.Corefile,
            "coredns-custom" => DnsMode.CorednsCustom,
            "none" => DnsMode.None,
            "remove" => DnsMode.Remove,
            _ => null,
        };

    /// <summary>The DNS zone external-dns manages for gateway names, or null when the stack names none.</summary>
    private static string? ParseExternalDnsZone(ConfigReader r, JsonElement config)
    {
        var path = $"{Root}.externalDns";
        if (!ConfigReader.TryGet(config, "externalDns", out var externalDns) || !r.IsObject(externalDns, path))
        {
            return null;
        }

        r.RejectUnknownKeys(externalDns, path, "zone");
        var zone = r.String(externalDns, "zone", path, required: true);
        if (zone is not null && (!Names.IsDnsDomain(zone) || zone.Length > 150))
        {
            r.Error($"{path}.zone", $"'{ConfigReader.Clip(zone)}' is not a DNS zone such as 'mesh.example.com' (at most 150 characters)");
            return null;
        }

        return zone;
    }

    /// <summary>Istio's default PILOT_IP_AUTOALLOCATE_IPV4_PREFIX (pilot/pkg/features, 1.30.3 and 1.31).</summary>
    private static readonly Ipv4Cidr IstioAutoAllocatePool = new(new Ipv4Address(0xF0F00000), 16);

    private static OutlierDetectionSpec ParseOutlierDetection(ConfigReader r, JsonElement config)
    {
        var path = $"{Root}.outlierDetection";
        if (!ConfigReader.TryGet(config, "outlierDetection", out var item) || !r.IsObject(item, path))
        {
            return OutlierDetectionSpec.Default;
        }

        r.RejectUnknownKeys(item, path, "consecutive5xxErrors", "interval", "baseEjectionTime", "maxEjectionPercent");
        var d = OutlierDetectionSpec.Default;
        string Duration(string key, string fallback)
        {
            var text = r.String(item, key, path) ?? fallback;
            if (!Names.IsDuration(text))
            {
                r.Error($"{path}.{key}", $"'{ConfigReader.Clip(text)}' is not a duration such as '10s', '500ms' or '1m'");
            }

            return text;
        }

        return new OutlierDetectionSpec(
            r.Int(item, "consecutive5xxErrors", path, 1, 1000) ?? d.Consecutive5xxErrors,
            Duration("interval", d.Interval),
            Duration("baseEjectionTime", d.BaseEjectionTime),
            r.Int(item, "maxEjectionPercent", path, 1, 100) ?? d.MaxEjectionPercent);
    }

    /// <summary>
    /// Clusters whose DNS MeshInfra cannot edit: GKE runs kube-dns (there is no kube-system/coredns to
    /// patch, so the deploy would fail), and the EKS CoreDNS add-on rewrites its Corefile (the edit would
    /// be silently undone). Recognised by the context names gcloud and the AWS CLI write.
    /// </summary>
    private static void CheckManagedDns(ConfigReader r, string? context, DnsMode dns, string path)
    {
        if (context is null || dns is not (DnsMode.Corefile or DnsMode.CorednsCustom))
        {
            return;
        }

        if (context.StartsWith("gke_", StringComparison.Ordinal))
        {
            r.Error($"{path}.dns", "this looks like a GKE context, and GKE runs kube-dns, not an editable CoreDNS; set dns: none (sidecars still resolve global names through Istio's DNS proxy)");
        }
        else if (context.StartsWith("arn:aws:eks:", StringComparison.Ordinal) || context.EndsWith(".eksctl.io", StringComparison.Ordinal))
        {
            r.Error($"{path}.dns", "this looks like an EKS context, and the EKS CoreDNS add-on rewrites its Corefile, undoing MeshInfra's edit; set dns: none (sidecars still resolve global names through Istio's DNS proxy)");
        }
    }

    private static ImmutableArray<ClusterSpec> ParseClusters(ConfigReader r, JsonElement config, DnsMode defaultDns, string? zone)
    {
        var clusters = new List<ClusterSpec>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var contexts = new Dictionary<string, string>(StringComparer.Ordinal);
        var items = r.Array(config, "clusters", Root, required: true).ToList();
        foreach (var (item, path) in items)
        {
            if (!r.IsObject(item, path))
            {
                continue;
            }

            r.RejectUnknownKeys(item, path, "name", "context", "kubeconfig", "network", "gateway", "ingressGateway", "dns", "intermediateGeneration", "labels");
            var name = r.String(item, "name", path, required: true);
            var context = r.String(item, "context", path, required: true);
            var kubeconfig = r.String(item, "kubeconfig", path);
            var network = r.String(item, "network", path, required: true);
            // A cluster whose name is misspelt (nmae: cluster2) is still the cluster references mean.
            if ((name ?? r.WrittenAs($"{path}.name")) is { } declared)
            {
                r.Declare("cluster", declared);
            }

            if (name is not null)
            {
                if (!Names.IsDns1123Label(name))
                {
                    r.Error($"{path}.name", $"'{ConfigReader.Clip(name)}' is not a valid name ({Names.Dns1123LabelRule})");
                }
                else if (name == Planning.ResourceId.MeshScope)
                {
                    r.Error($"{path}.name", $"'{name}' is reserved for the mesh's shared resources (the root CA); choose another cluster name");
                }
                else if (!names.TryAdd(name, path))
                {
                    r.Error($"{path}.name", $"'{name}' is already the name of {names[name]}; cluster names must be unique");
                }
            }

            if (context is not null && !contexts.TryAdd(context, path))
            {
                r.Error($"{path}.context", $"'{ConfigReader.Clip(context)}' is already used by {contexts[context]}; each cluster needs its own kubeconfig context");
            }

            if (network is not null && !Names.IsDns1123Label(network))
            {
                r.Error($"{path}.network", $"'{ConfigReader.Clip(network)}' is not a valid name ({Names.Dns1123LabelRule})");
            }

            var eastWest = ParseGateway(r, item, "gateway", path, zone, name, IstioLabels.EastWestGatewayName)
                ?? WithDnsName(new GatewaySpec(GatewayAddressMode.LoadBalancer, null, null, null), zone, name, IstioLabels.EastWestGatewayName);
            var ingress = ParseGateway(r, item, "ingressGateway", path, zone, name, IstioLabels.IngressGatewayName);
            if (eastWest.NodePort is { } port && port == ingress?.NodePort)
            {
                // Two Services of one cluster: Kubernetes refuses the second one's NodePort at deploy time.
                r.Error($"{path}.ingressGateway.nodePort", $"{port} is also this cluster's gateway.nodePort; the east-west and ingress gateways are separate Services and cannot share a NodePort, so give one of them another");
            }

            var dns = ParseDns(r, item, path) ?? defaultDns;
            CheckManagedDns(r, context, dns, path);
            var generation = r.Int(item, "intermediateGeneration", path, 1, 1_000_000) ?? 1;
            var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var (key, value, at) in r.Map(item, "labels", path))
            {
                if (value.ValueKind != JsonValueKind.String || !Names.IsLabelValue(value.GetString()!) || !Names.IsLabelValue(key) || key.Length == 0)
                {
                    r.Error(at, "labels need a key and a string value of at most 63 letters, digits, '-', '_' or '.'");
                    continue;
                }

                labels[key] = value.GetString()!;
            }

            if (name is not null && context is not null && network is not null)
            {
                clusters.Add(new ClusterSpec(name, context, kubeconfig, network, eastWest, ingress, dns, generation, labels.ToImmutable()));
            }
        }

        if (ConfigReader.TryGet(config, "clusters", out var list) && list.ValueKind == JsonValueKind.Array && items.Count < 2)
        {
            r.Error($"{Root}.clusters", $"a mesh needs at least 2 clusters, got {items.Count}; add another entry with name, context and network");
        }

        return [.. clusters];
    }

    private static GatewaySpec WithDnsName(GatewaySpec gateway, string? zone, string? cluster, string service) =>
        zone is null || cluster is null ? gateway : gateway with { DnsName = $"{service}.{cluster}.{zone}" };

    private static GatewaySpec? ParseGateway(ConfigReader r, JsonElement cluster, string key, string clusterPath, string? zone, string? clusterName, string service)
    {
        var path = $"{clusterPath}.{key}";
        if (!ConfigReader.TryGet(cluster, key, out var gateway))
        {
            return null;
        }

        // `ingressGateway: true` is shorthand for a LoadBalancer ingress gateway.
        if (gateway.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return gateway.ValueKind == JsonValueKind.True ? WithDnsName(new GatewaySpec(GatewayAddressMode.LoadBalancer, null, null, null), zone, clusterName, service) : null;
        }

        if (!r.IsObject(gateway, path))
        {
            return null;
        }

        r.RejectUnknownKeys(gateway, path, "addressMode", "nodeAddress", "nodePort", "address");
        var mode = r.OneOf(gateway, "addressMode", path, "loadBalancer", "nodePort", "static", "externalDns") switch
        {
            "nodePort" => GatewayAddressMode.NodePort,
            "static" => GatewayAddressMode.Static,
            "externalDns" => GatewayAddressMode.ExternalDns,
            _ => GatewayAddressMode.LoadBalancer,
        };
        var nodeAddress = r.String(gateway, "nodeAddress", path);
        var nodePort = r.Int(gateway, "nodePort", path, NodePortRange.Min, NodePortRange.Max);
        var address = r.String(gateway, "address", path);

        switch (mode)
        {
            case GatewayAddressMode.NodePort when nodeAddress is null:
                r.Error($"{path}.nodeAddress", "is required when addressMode is 'nodePort': give the IP or hostname of a node other clusters can reach");
                break;
            case GatewayAddressMode.Static when address is null:
                r.Error($"{path}.address", "is required when addressMode is 'static': give the gateway's IP or DNS name");
                break;
        }

        if (mode != GatewayAddressMode.NodePort && (nodeAddress is not null || nodePort is not null))
        {
            r.Error($"{path}.addressMode", "nodeAddress and nodePort only apply when addressMode is 'nodePort'");
        }

        if (mode != GatewayAddressMode.Static && address is not null)
        {
            r.Error($"{path}.addressMode", "address only applies when addressMode is 'static'");
        }

        if (mode == GatewayAddressMode.ExternalDns && zone is null)
        {
            r.Error($"{path}.addressMode", "'externalDns' needs mesh.externalDns.zone, the zone external-dns publishes gateway names in");
        }

        CheckReachable(r, nodeAddress, $"{path}.nodeAddress");
        CheckReachable(r, address, $"{path}.address");
        var spec = WithDnsName(new GatewaySpec(mode, nodeAddress, nodePort, address), zone, clusterName, service);
        // In externalDns mode the published name is what other clusters dial, exactly like a static address.
        return mode == GatewayAddressMode.ExternalDns ? spec with { StaticAddress = spec.DnsName } : spec;
    }

    private static void CheckReachable(ConfigReader r, string? address, string path)
    {
        if (address is not null && ReachableAddress.Problem(address) is { } problem)
        {
            r.Error(path, problem);
        }
    }

    private static ImmutableArray<ServiceSpec> ParseServices(ConfigReader r, JsonElement config, HashSet<string> clusters, Ipv4Cidr pool)
    {
        var services = new List<ServiceSpec>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (item, path) in r.Array(config, "services", Root))
        {
            if (!r.IsObject(item, path))
            {
                continue;
            }

            r.RejectUnknownKeys(item, path, "name", "namespace", "ports", "clusters", "versions", "address", "serviceAccount");
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

            if (name is not null && ns is not null && ports.Length > 0 && instances.Length > 0)
            {
                services.Add(new ServiceSpec(name, ns, ports, instances, pinned) { ServiceAccount = serviceAccount });
            }
        }

        return [.. services];
    }

    private static void CheckLabel(ConfigReader r, string? value, string path)
    {
        if (value is not null && !Names.IsDns1123Label(value))
        {
            r.Error(path, $"'{ConfigReader.Clip(value)}' is not a valid name ({Names.Dns1123LabelRule})");
        }
    }

    private static ImmutableArray<ServicePort> ParsePorts(ConfigReader r, JsonElement service, string servicePath)
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

    private static ImmutableArray<ServiceInstance> ParseInstances(ConfigReader r, JsonElement service, string path, HashSet<string> clusters)
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

    private static void AddInstance(ConfigReader r, List<ServiceInstance> instances, HashSet<string> clusters, string cluster, string? version, string path)
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
    private static ImmutableArray<ServiceSpec> AddSampleServices(ImmutableArray<ServiceSpec> services, SamplesSpec samples)
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

    private static void CheckAddresses(ConfigReader r, ImmutableArray<ServiceSpec> services, Ipv4Cidr pool)
    {
        var pinnedBy = new Dictionary<Ipv4Address, string>();
        for (var i = 0; i < services.Length; i++)
        {
            if (services[i].PinnedAddress is { } address && !pinnedBy.TryAdd(address, $"{services[i].Name}.{services[i].Namespace}"))
            {
                r.Error($"{Root}.services[{i}].address", $"{address} is already pinned by {pinnedBy[address]}; each global host needs its own address");
            }
        }

        // First and last addresses of the pool are kept free so the pool reads like a subnet.
        var capacity = pool.Size > 2 ? pool.Size - 2 : 0;
        if ((ulong)services.Length > capacity)
        {
            r.Error($"{Root}.addressPool", $"{pool} holds {capacity} service addresses but the mesh exports {services.Length} services; use a shorter prefix (e.g. /{Math.Max(4, 32 - (int)Math.Ceiling(Math.Log2(services.Length + 2)) - 1)})");
        }
    }

    /// <summary>Subsets are named after clusters and versions; the two must not share a name.</summary>
    private static void CheckSubsetNames(ConfigReader r, ImmutableArray<ServiceSpec> services, HashSet<string> clusters)
    {
        foreach (var service in services)
        {
            foreach (var version in service.Versions.Where(clusters.Contains))
            {
                r.Error($"{Root}.services", $"{service.Name}.{service.Namespace} has a version named '{version}', which is also a cluster name; rename the version (subsets are named after both)");
            }
        }
    }

    private static ImmutableArray<RouteSpec> ParseRoutes(ConfigReader r, JsonElement config, ImmutableArray<ServiceSpec> services, HashSet<string> clusters)
    {
        var routes = new List<RouteSpec>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (item, path) in r.Array(config, "routes", Root))
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

    private static ImmutableArray<HttpRouteRule> ParseRules(ConfigReader r, JsonElement route, string routePath, ServiceSpec? service)
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

    private static ImmutableArray<WeightedVersion> ParseTargets(ConfigReader r, JsonElement rule, string rulePath, ServiceSpec? service)
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

    private static SamplesSpec ParseSamples(ConfigReader r, JsonElement config, ImmutableArray<ClusterSpec> clusters)
    {
        var path = $"{Root}.samples";
        if (!ConfigReader.TryGet(config, "samples", out var samples) || !r.IsObject(samples, path))
        {
            return SamplesSpec.None;
        }

        r.RejectUnknownKeys(samples, path, "sleep", "httpbin", "bookinfo");
        var first = clusters.Length > 0 ? clusters[0].Name : "";
        var second = clusters.Length > 1 ? clusters[1].Name : first;
        var sleep = ParseSample(r, samples, "sleep", path, clusters, first, "foo");
        var httpbin = ParseSample(r, samples, "httpbin", path, clusters, second, "bar");
        var bookinfo = ParseBookinfo(r, samples, $"{path}.bookinfo", clusters, first, second);
        return new SamplesSpec(sleep, httpbin, bookinfo);
    }

    private static SampleSpec? ParseSample(ConfigReader r, JsonElement samples, string key, string samplesPath, ImmutableArray<ClusterSpec> clusters, string defaultCluster, string defaultNamespace)
    {
        var path = $"{samplesPath}.{key}";
        if (!ConfigReader.TryGet(samples, key, out var sample))
        {
            return null;
        }

        if (sample.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return sample.ValueKind == JsonValueKind.True ? new SampleSpec(defaultCluster, defaultNamespace) : null;
        }

        if (!r.IsObject(sample, path))
        {
            return null;
        }

        r.RejectUnknownKeys(sample, path, "cluster", "namespace");
        var cluster = r.String(sample, "cluster", path) ?? defaultCluster;
        var ns = r.String(sample, "namespace", path) ?? defaultNamespace;
        CheckClusterRef(r, cluster, $"{path}.cluster", clusters);
        CheckLabel(r, ns, $"{path}.namespace");
        return new SampleSpec(cluster, ns);
    }

    private static BookinfoSpec? ParseBookinfo(ConfigReader r, JsonElement samples, string path, ImmutableArray<ClusterSpec> clusters, string first, string second)
    {
        if (!ConfigReader.TryGet(samples, "bookinfo", out var bookinfo))
        {
            return null;
        }

        var defaults = new BookinfoSpec("default", first, first, second,
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("v1", first), KeyValuePair.Create("v2", second), KeyValuePair.Create("v3", second)]));
        BookinfoSpec spec;
        if (bookinfo.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            if (bookinfo.ValueKind == JsonValueKind.False)
            {
                return null;
            }

            spec = defaults;
        }
        else
        {
            if (!r.IsObject(bookinfo, path))
            {
                return null;
            }

            r.RejectUnknownKeys(bookinfo, path, "namespace", "productpage", "details", "ratings", "reviews");
            var reviews = defaults.Reviews;
            var reviewEntries = r.Map(bookinfo, "reviews", path).ToList();
            if (reviewEntries.Count > 0)
            {
                var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
                foreach (var (version, value, at) in reviewEntries)
                {
                    if (version is not ("v1" or "v2" or "v3"))
                    {
                        r.Error(at, "Bookinfo ships reviews versions v1, v2 and v3 only");
                    }
                    else if (value.ValueKind != JsonValueKind.String)
                    {
                        r.Error(at, $"expected a cluster name, got {ConfigReader.Describe(value)}");
                    }
                    else
                    {
                        CheckClusterRef(r, value.GetString()!, at, clusters);
                        builder[version] = value.GetString()!;
                    }
                }

                reviews = builder.ToImmutable();
            }

            spec = new BookinfoSpec(
                r.String(bookinfo, "namespace", path) ?? defaults.Namespace,
                r.String(bookinfo, "productpage", path) ?? defaults.Productpage,
                r.String(bookinfo, "details", path) ?? defaults.Details,
                r.String(bookinfo, "ratings", path) ?? defaults.Ratings,
                reviews);
            CheckLabel(r, spec.Namespace, $"{path}.namespace");
            CheckClusterRef(r, spec.Productpage, $"{path}.productpage", clusters);
            CheckClusterRef(r, spec.Details, $"{path}.details", clusters);
            CheckClusterRef(r, spec.Ratings, $"{path}.ratings", clusters);
        }

        var ingressCluster = clusters.FirstOrDefault(c => c.Name == spec.Productpage);
        if (ingressCluster is { IngressGateway: null })
        {
            r.Error($"{path}.productpage", $"the Bookinfo page is served through an ingress gateway, and cluster '{spec.Productpage}' has none; set ingressGateway: true on that cluster");
        }

        return spec;
    }

    private static void CheckClusterRef(ConfigReader r, string cluster, string path, ImmutableArray<ClusterSpec> clusters)
    {
        if (clusters.Length > 0 && !clusters.Any(c => c.Name == cluster))
        {
            r.UnknownCluster(path, cluster, clusters.Select(c => c.Name));
        }
    }
}
