namespace MeshInfra.Benchmarks;

/// <summary>
/// A deterministic mesh of a given size, shaped like a real platform's rather than uniform: most
/// services run in one cluster, some in two, one in ten is versioned across clusters and one in
/// fifty of those has a header route; clusters mix the three gateway address modes and both DNS
/// modes. Built as the stack file's config tree, so a benchmark runs the CLI's whole path.
/// </summary>
internal sealed record SyntheticMesh(int Clusters, IReadOnlyList<SyntheticService> Services)
{
    private const int Namespaces = 20;

    public string Label => $"{Clusters}x{Services.Count:N0}";

    public static string ClusterName(int index) => $"c{index + 1:D3}";

    public static SyntheticMesh Generate(int clusters, int services, ulong seed = 20261121)
    {
        var random = new SplitMix64(seed);
        var list = new List<SyntheticService>(services);
        for (var i = 0; i < services; i++)
        {
            var name = $"svc-{i:D4}";
            var ns = $"team-{i % Namespaces:D2}";
            var ports = random.Next(4) == 0 ? 2 : 1;
            var home = random.Next(clusters);
            var other = (home + 1 + random.Next(clusters - 1)) % clusters;
            var roll = random.Next(10);
            SyntheticInstance[] instances = roll switch
            {
                0 => [new(home, "v1"), new(other, "v2")],
                1 or 2 => [new(home, null), new(other, null)],
                _ => [new(home, null)],
            };
            list.Add(new SyntheticService(name, ns, ports, instances, Routed: roll == 0 && random.Next(5) == 0));
        }

        return new SyntheticMesh(clusters, list);
    }

    /// <summary>The same mesh plus one unversioned, unrouted service running in one cluster.</summary>
    public SyntheticMesh WithAddedService() =>
        this with { Services = [.. Services, new SyntheticService("svc-added", "team-00", 1, [new(1 % Clusters, null)], Routed: false)] };

    /// <summary>The same mesh without its first unversioned, unrouted service.</summary>
    public SyntheticMesh WithoutOneService() =>
        this with { Services = Services.Where(s => s != RemovableService).ToList() };

    public SyntheticService RemovableService => Services.First(s => !s.IsVersioned && !s.Routed);

    /// <summary>The same mesh plus one cluster that runs nothing (yet): it only consumes.</summary>
    public SyntheticMesh WithAddedCluster() => this with { Clusters = Clusters + 1 };

    /// <summary>The <c>mesh-infra:mesh</c> value as plain dictionaries and lists, ready for a YAML serializer.</summary>
    public Dictionary<string, object> ToConfig() => new()
    {
        ["meshId"] = "bench",
        ["clusters"] = Enumerable.Range(0, Clusters).Select(ClusterConfig).ToList<object>(),
        ["services"] = Services.Select(ServiceConfig).ToList<object>(),
        ["routes"] = Services.Where(s => s.Routed).Select(RouteConfig).ToList<object>(),
    };

    private static object ClusterConfig(int index)
    {
        var name = ClusterName(index);
        var cluster = new Dictionary<string, object>
        {
            ["name"] = name,
            ["context"] = $"ctx-{name}",
            ["network"] = $"net-{name}",
        };

        // One cluster in ten each is reached by NodePort and by a static address; the rest by
        // load balancer, whose address is a deferred value every other cluster depends on.
        switch (index % 10)
        {
            case 9:
                cluster["gateway"] = new Dictionary<string, object> { ["addressMode"] = "nodePort", ["nodeAddress"] = $"192.0.2.{(index % 250) + 1}" };
                break;
            case 8:
                cluster["gateway"] = new Dictionary<string, object> { ["addressMode"] = "static", ["address"] = $"gw-{name}.example.net" };
                break;
        }

        if (index % 10 == 7)
        {
            cluster["dns"] = "coredns-custom";
        }

        if (index == 0)
        {
            cluster["ingressGateway"] = true;
        }

        return cluster;
    }

    private static object ServiceConfig(SyntheticService service)
    {
        var ports = new List<object> { new Dictionary<string, object> { ["name"] = "http", ["number"] = 8080, ["protocol"] = "HTTP" } };
        if (service.Ports > 1)
        {
            ports.Add(new Dictionary<string, object> { ["name"] = "grpc", ["number"] = 9090, ["protocol"] = "GRPC" });
        }

        var config = new Dictionary<string, object> { ["name"] = service.Name, ["namespace"] = service.Namespace, ["ports"] = ports };
        if (service.IsVersioned)
        {
            config["versions"] = service.Instances
                .GroupBy(i => i.Version!)
                .ToDictionary(g => g.Key, g => (object)g.Select(i => ClusterName(i.Cluster)).ToList());
        }
        else
        {
            config["clusters"] = service.Instances.Select(i => ClusterName(i.Cluster)).ToList();
        }

        return config;
    }

    private static object RouteConfig(SyntheticService service) => new Dictionary<string, object>
    {
        ["service"] = service.Name,
        ["namespace"] = service.Namespace,
        ["http"] = new List<object>
        {
            new Dictionary<string, object>
            {
                ["match"] = new Dictionary<string, object> { ["headers"] = new Dictionary<string, object> { ["end-user"] = new Dictionary<string, object> { ["exact"] = "tester" } } },
                ["route"] = new List<object> { new Dictionary<string, object> { ["version"] = "v2" } },
            },
            new Dictionary<string, object>
            {
                ["route"] = new List<object>
                {
                    new Dictionary<string, object> { ["version"] = "v1", ["weight"] = 90 },
                    new Dictionary<string, object> { ["version"] = "v2", ["weight"] = 10 },
                },
            },
        },
    };
}
