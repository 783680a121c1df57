using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// A Sidecar resource as the traffic model reads it: which workloads it applies to, the hosts each egress
/// listener imports (what the client's proxy knows: listeners, routes, clusters, DNS answers), and its own
/// outboundTrafficPolicy (null: the mesh's). Istio 1.30.3 and 1.31.0-rc.0: pilot/pkg/model/sidecar.go,
/// convertIstioListenerToWrapper (hosts by namespace), IstioEgressListenerWrapper.selectServices and
/// hostClassification.Matches; initSidecarScopeInternalIndexes (no egress means <c>*/*</c>; the Sidecar's
/// outboundTrafficPolicy over the mesh's).
/// </summary>
public sealed record SidecarView(string Namespace, ImmutableSortedDictionary<string, string> Selector, ImmutableArray<SidecarEgressListener> Egress, string? OutboundTrafficPolicy, ObjectRef Source)
{
    public bool HasSelector => !Selector.IsEmpty;

    /// <summary>Where istiod lists it: creation time, name, namespace (the first that applies wins).</summary>
    public CreationOrder Order { get; init; }

    /// <summary>
    /// Whether a proxy in <paramref name="proxyNamespace"/> under this Sidecar knows <paramref name="host"/> (a
    /// service of <paramref name="serviceNamespace"/>) on <paramref name="port"/>: some egress listener for that
    /// port (or for every port) imports it. A host imports from its own namespace's entries (<c>ns/host</c>,
    /// <c>./host</c> for the proxy's namespace) first, then from <c>*/host</c>. <c>~/host</c> names no namespace at
    /// 1.30.3, so it imports nothing; 1.31 reads a <c>~</c> prefix as an exclusion (<c>~ns/host</c>, <c>~/host</c>
    /// for every namespace) that wins over any import (1.31.0-rc.0 sidecar.go, hostClassification.Excluded).
    /// </summary>
    public bool Imports(string host, string serviceNamespace, int port, string proxyNamespace, string istioMinor) =>
        (Egress.IsEmpty ? [new SidecarEgressListener(null, ["*/*"])] : Egress)
            .Any(l => (l.Port is null || l.Port == port) && ListenerImports(l.Hosts, host, serviceNamespace, proxyNamespace, istioMinor));

    /// <summary>One listener's hosts against one service, as selectServices decides it.</summary>
    public static bool ListenerImports(IEnumerable<string> hosts, string host, string serviceNamespace, string proxyNamespace, string istioMinor)
    {
        var imported = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var excluded = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in hosts)
        {
            if (entry.Count(c => c == '/') != 1)
            {
                // "Illegal host in sidecar resource": istiod logs it and skips the entry.
                continue;
            }

            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            var ns = entry[..slash];
            var name = entry[(slash + 1)..];
            var exclusion = istioMinor != "1.30" && ns.StartsWith('~');
            if (exclusion)
            {
                ns = ns[1..] is { Length: > 0 } rest ? rest : "*";
            }

            if (ns == ".")
            {
                ns = proxyNamespace;
            }

            var into = exclusion ? excluded : imported;
            if (!into.TryGetValue(ns, out var list))
            {
                into[ns] = list = [];
            }

            list.Add(name);
        }

        static bool Holds(Dictionary<string, List<string>> index, string ns, string host) =>
            index.TryGetValue(ns, out var names) && names.Any(n => n == host || (HostMatch.IsWildcard(n) && HostMatch.SubsetOf(host, n)));

        if (Holds(excluded, serviceNamespace, host) || Holds(excluded, "*", host))
        {
            return false;
        }

        return Holds(imported, serviceNamespace, host) || Holds(imported, "*", host);
    }
}
