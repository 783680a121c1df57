using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// Name resolution as a pod sees it: the sidecar's DNS proxy where DNS capture is on, else CoreDNS.
/// </summary>
public static class DnsModel
{
    /// <summary>
    /// The names a pod's resolver tries for <paramref name="name"/>: the search path of a Kubernetes pod
    /// (namespace, svc, cluster) first, as ndots:5 makes it for any name with fewer than 5 dots, then the name itself.
    /// </summary>
    public static IEnumerable<string> Candidates(string name, string podNamespace)
    {
        if (name.Count(c => c == '.') < 5)
        {
            yield return $"{name}.{podNamespace}{IstioNames.ClusterLocalSuffix}";
            yield return $"{name}.svc.cluster.local";
            yield return $"{name}.cluster.local";
        }

        yield return name;
    }

    /// <summary>
    /// Resolves a name for a pod. The sidecar's DNS proxy answers every host of its registry that has
    /// an address and that its Sidecar imports: a ServiceEntry's <c>addresses</c> or the one istiod allocated it
    /// (<see cref="RegistryService.AutoAllocatedAddress"/>), a Kubernetes Service's ClusterIP (pkg/dns/server/name_table.go,
    /// BuildNameTable, 1.30.3 and 1.31); other names go on to CoreDNS (pkg/dns/client/dns.go, upstream
    /// forwarding). CoreDNS answers cluster.local from the kubernetes plugin and the global domain from
    /// MeshInfra's server block (<see cref="CorednsZone"/>).
    /// </summary>
    public static DnsAnswer Resolve(ClusterView cluster, Workload client, string name)
    {
        // DNS names compare without case. A trailing dot makes the name absolute: the resolver asks it as it is,
        // never with the search list (glibc res_query.c __res_context_search, musl name_from_dns_search, Go nameList).
        var absolute = name.EndsWith('.');
        name = name.TrimEnd('.').ToLowerInvariant();
        // Only a sidecar capturing DNS has a proxy that answers from its table; anyone else asks CoreDNS.
        var proxy = client.HasSidecar && cluster.DnsCapture;
        // The DNS proxy answers a registry host's search-path expansions with a CNAME to the host
        // itself (dns.go), so a name that is a host with an address gets that answer whichever
        // expansion the resolver tries first; only a Kubernetes Service name can be a
        // <name>.<namespace>.svc.cluster.local, and a Service name has no dots.
        if (proxy && cluster.Service(name) is { ProxyAddress: { } proxied } direct && cluster.Knows(client, direct))
        {
            return new DnsAnswer(proxied, "sidecar DNS proxy", $"{name} -> {proxied}", direct.Source);
        }

        // The proxy's table also holds name.namespace., name.namespace.svc. and, in its own namespace, name. for
        // each Kubernetes Service (dns.go, generateAltHosts, 1.30.3 and 1.31): absolute short forms it answers itself.
        if (absolute && proxy && ProxyShortForm(name, client.Namespace) is { } fqdn
            && cluster.Service(fqdn) is { FromServiceEntry: false, Addresses.Length: > 0 } kubernetes && cluster.Knows(client, kubernetes))
        {
            return new DnsAnswer(kubernetes.Addresses[0], "sidecar DNS proxy", $"{name}. ({fqdn}) -> {kubernetes.Addresses[0]}", kubernetes.Source);
        }

        foreach (var candidate in absolute ? [name] : Candidates(name, client.Namespace))
        {
            var service = cluster.Service(candidate);
            if (proxy && service is { ProxyAddress: { } address } && cluster.Knows(client, service))
            {
                return new DnsAnswer(address, "sidecar DNS proxy", $"{candidate} -> {address}", service.Source);
            }

            if (proxy && WildcardEntry(cluster, client, candidate) is { } wildcard)
            {
                return new DnsAnswer(wildcard.ProxyAddress, "sidecar DNS proxy", $"{candidate} (under {wildcard.Host}) -> {wildcard.ProxyAddress}", wildcard.Source);
            }

            // The kubernetes plugin owns cluster.local: a name there is a Service or NXDOMAIN.
            if (candidate.EndsWith(".cluster.local", StringComparison.Ordinal))
            {
                if (service is { FromServiceEntry: false })
                {
                    return new DnsAnswer(service.Addresses[0], "CoreDNS (kubernetes plugin)", $"{candidate} -> {service.Addresses[0]}", service.Source);
                }

                continue;
            }

            if (cluster.Coredns is { } block && (candidate == block.Zone || candidate.EndsWith("." + block.Zone, StringComparison.Ordinal)))
            {
                return CorednsZone.Answer(cluster, block, candidate);
            }
        }

        return new DnsAnswer(null, proxy ? "sidecar DNS proxy, then CoreDNS" : "CoreDNS", $"no record for {name}", null);
    }

    /// <summary>
    /// The wildcard host of the proxy's table that answers a name no exact host does: pkg/dns/client/dns.go lookupHost
    /// (1.30.3 and 1.31.0-rc.0) tries <c>*.</c> and the name without its first label, then without its first two, and so
    /// on, the most specific first. Only a host with an address the proxy knows is in the table (BuildNameTable).
    /// </summary>
    private static RegistryService? WildcardEntry(ClusterView cluster, Workload client, string name)
    {
        for (var dot = name.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = name.IndexOf('.', dot + 1))
        {
            if (cluster.Service("*" + name[dot..]) is { ProxyAddress: not null } wildcard && cluster.Knows(client, wildcard))
            {
                return wildcard;
            }
        }

        return null;
    }

    /// <summary>The Service host an absolute short form stands for in the proxy's table, if it is one.</summary>
    private static string? ProxyShortForm(string name, string clientNamespace) => name.Count(c => c == '.') switch
    {
        0 => $"{name}.{clientNamespace}{IstioNames.ClusterLocalSuffix}",
        1 => $"{name}.svc.cluster.local",
        2 when name.EndsWith(".svc", StringComparison.Ordinal) => $"{name}.cluster.local",
        _ => null,
    };
}
