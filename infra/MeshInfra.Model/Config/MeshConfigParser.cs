using System.Collections.Immutable;
using System.Text.Json;
using MeshInfra.Model.Addressing;
using MeshInfra.Model.Federation;

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
        ["meshId", "istio", "globalDomain", "addressPool", "trust", "trustDomain", "mtls", "outlierDetection", "dns", "clusters", "services", "routes", "samples", "federated", "externalDns", StaticEndpointRules.Key];

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
        if (ConfigTextSafety.FindUndecodable(config, Root) is { } undecodable)
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
            r.Error($"{Root}.globalDomain", $"'{domain}' collides with Kubernetes' own cluster.local names; use a name under 'internal' such as 'mesh.internal'");
        }
        else if (!PrivateDomains.IsPrivate(domain))
        {
            r.Warn($"{Root}.globalDomain", PrivateDomains.PublicWarning(domain));
        }

        var pool = ParsePool(r, config);
        var trust = TrustConfigParser.Parse(r, config, Root);
        var trustDomain = r.String(config, "trustDomain", Root) ?? MeshSpec.DefaultTrustDomain;
        if (!Names.IsDnsDomain(trustDomain))
        {
            r.Error($"{Root}.trustDomain", $"'{ConfigReader.Clip(trustDomain)}' is not a valid trust domain (dot-separated labels of lowercase letters, digits and '-', e.g. 'cluster.local')");
        }

        var outlier = ParseOutlierDetection(r, config);
        var resolution = StaticEndpointRules.Parse(r, config, Root);
        // STRICT unless the stack asks for less: a PERMISSIVE mesh takes plaintext from any pod without a sidecar.
        var mtls = r.OneOf(config, "mtls", Root, "PERMISSIVE", "STRICT") == "PERMISSIVE" ? MtlsMode.Permissive : MtlsMode.Strict;
        var defaultDns = ParseDns(r, config, Root) ?? DnsMode.Corefile;
        var zone = ParseExternalDnsZone(r, config);
        var clusters = ClusterConfigParser.ParseClusters(r, config, defaultDns, zone);
        var clusterNames = clusters.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        WarnPrivateGatewayAddresses(r, clusters);
        var samples = ParseSamples(r, config, clusters);
        var services = ServiceConfigParser.ParseServices(r, config, clusterNames, pool);
        services = ServiceConfigParser.AddSampleServices(services, samples);
        ServiceConfigParser.CheckAddresses(r, services, pool);
        ServiceConfigParser.CheckSubsetNames(r, services, clusterNames);
        CheckGatewayNamespaces(r, clusters, services, samples);
        StaticEndpointRules.Check(r, Root, resolution, clusters, services);
        var routes = RouteConfigParser.ParseRoutes(r, config, services, clusterNames);
        var federated = FederatedConfigParser.Parse(r, config, clusters);
        TrustConfigParser.CheckClusters(r, trust, clusterNames, Root);

        if (r.Errors.Count > 0)
        {
            return (null, r.Errors);
        }

        var spec = new MeshSpec(meshId!, istio, domain, pool, trust, mtls, clusters, services, routes, samples, federated) { TrustDomain = trustDomain, OutlierDetection = outlier, EndpointResolution = resolution };

        // One warning channel: what the reader saw (a retiring chart source) and routes that drop traffic.
        return (spec with { Warnings = [.. r.Warnings, .. RouteWarnings.For(spec), .. MtlsWarnings.For(spec), .. NodePortWarnings.For(spec)] }, r.Errors);
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

    internal static DnsMode? ParseDns(ConfigReader r, JsonElement obj, string path) =>
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

    /// <summary>Istio's default PILOT_IP_AUTOALLOCATE_IPV4_PREFIX (pilot/pkg/features/pilot.go, 1.30.3).</summary>
    private static readonly Ipv4Cidr IstioAutoAllocatePool = new(new Ipv4Address(0xF0F00000), 16);

    /// <summary>
    /// A gateway address in a private range, given in config, is dialable from a cluster on another
    /// network only where the networks are joined: a warning, since kind clusters on one Docker
    /// network or peered VPCs do reach each other that way.
    /// </summary>
    private static void WarnPrivateGatewayAddresses(ConfigReader r, ImmutableArray<ClusterSpec> clusters)
    {
        for (var i = 0; i < clusters.Length; i++)
        {
            var cluster = clusters[i];
            if (!clusters.Any(c => c.Network != cluster.Network))
            {
                continue;
            }

            foreach (var (key, value) in new[] { ("nodeAddress", cluster.EastWestGateway.NodeAddress), ("address", cluster.EastWestGateway.StaticAddress) })
            {
                if (value is not null && Addressing.ReachableAddress.PrivateRange(value) is { } range)
                {
                    r.Warn($"{Root}.clusters[{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}].gateway.{key}", $"{value} is a private address ({range}): clusters on other networks reach it only where the networks are joined (VPN, peering, one Docker network); give the address they dial");
                }
            }
        }
    }

    private static OutlierDetectionSpec ParseOutlierDetection(ConfigReader r, JsonElement config)
    {
        var path = $"{Root}.outlierDetection";
        if (!ConfigReader.TryGet(config, "outlierDetection", out var item) || !r.IsObject(item, path))
        {
            return OutlierDetectionSpec.Default;
        }

        r.RejectUnknownKeys(item, path, "consecutiveLocalOriginFailures", "consecutive5xxErrors", "interval", "baseEjectionTime", "maxEjectionPercent");
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

        var applicationErrors = r.Int(item, "consecutive5xxErrors", path, 0, 1000) ?? d.Consecutive5xxErrors;
        if (applicationErrors > 0)
        {
            // Every endpoint of a global host is a whole cluster's east-west gateway.
            r.Warn($"{path}.consecutive5xxErrors", $"{applicationErrors} ejects a cluster's east-west gateway after {applicationErrors} 5xx answers from any pod behind it, moving that cluster's traffic to another cluster (and version) for baseEjectionTime; leave it out (0) so only connection failures (consecutiveLocalOriginFailures) eject a gateway");
        }

        return new OutlierDetectionSpec(
            r.Int(item, "consecutiveLocalOriginFailures", path, 1, 1000) ?? d.ConsecutiveLocalOriginFailures,
            Duration("interval", d.Interval),
            Duration("baseEjectionTime", d.BaseEjectionTime),
            r.Int(item, "maxEjectionPercent", path, 1, 100) ?? d.MaxEjectionPercent) { Consecutive5xxErrors = applicationErrors };
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
        ServiceConfigParser.CheckLabel(r, ns, $"{path}.namespace");
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
            ServiceConfigParser.CheckLabel(r, spec.Namespace, $"{path}.namespace");
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
    /// <summary>
    /// A gateway's namespace holds nothing but the gateway: the ingress gateway's chart Role reads every
    /// Secret there, and MeshInfra creates the namespace itself (a sample's namespace is created too).
    /// </summary>
    private static void CheckGatewayNamespaces(ConfigReader r, ImmutableArray<ClusterSpec> clusters, ImmutableArray<ServiceSpec> services, SamplesSpec samples)
    {
        var taken = services.Select(s => s.Namespace)
            .Concat(new[] { samples.Sleep?.Namespace, samples.Httpbin?.Namespace, samples.Bookinfo?.Namespace }.OfType<string>())
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < clusters.Length; i++)
        {
            foreach (var (key, gateway) in new[] { ("gateway", (GatewaySpec?)clusters[i].EastWestGateway), ("ingressGateway", clusters[i].IngressGateway) })
            {
                if (gateway?.Namespace is { } ns && taken.Contains(ns))
                {
                    r.Error($"{Root}.clusters[{i}].{key}.namespace", $"'{ns}' is a namespace of the mesh's services or samples; a gateway runs in a namespace of its own (leave the key out for the default)");
                }
            }
        }
    }
}
