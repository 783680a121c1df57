using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// Host names as Istio compares them for gateways, ported from pkg/config/host (name.go, Name.SubsetOf;
/// names.go, Names.Intersection and NamesForNamespace; unchanged between 1.30.3 and 1.31.0-rc.0), and the
/// virtual host Envoy picks for a request's Host.
/// </summary>
public static class GatewayHosts
{
    /// <summary>
    /// A server's hosts as istiod keeps them (pilot/pkg/model/gateway.go, sanitizeServerHostNamespace, 1.30.3
    /// and 1.31.0-rc.0): <c>./h</c> becomes <c>gatewayNamespace/h</c>, <c>*/h</c> becomes <c>h</c>, <c>*/*</c> the whole list <c>*</c>.
    /// </summary>
    public static ImmutableArray<string> Sanitize(IEnumerable<string> hosts, string gatewayNamespace)
    {
        var result = ImmutableArray.CreateBuilder<string>();
        foreach (var host in hosts)
        {
            var parts = host.Split('/', 2);
            if (parts.Length < 2)
            {
                result.Add(host);
            }
            else if (parts[0] == ".")
            {
                result.Add($"{gatewayNamespace}/{parts[1]}");
            }
            else if (parts[0] == "*")
            {
                if (parts[1] == "*")
                {
                    return ["*"];
                }

                result.Add(parts[1]);
            }
            else
            {
                result.Add(host);
            }
        }

        return result.ToImmutable();
    }

    /// <summary>
    /// The server hosts a VirtualService in <paramref name="vsNamespace"/> may use: <c>ns/h</c> only where
    /// ns is that namespace or <c>*</c>, with the namespace stripped (names.go, NamesForNamespace).
    /// </summary>
    public static ImmutableArray<string> ForNamespace(IEnumerable<string> serverHosts, string vsNamespace) =>
    [
        .. serverHosts.Select(h => h.Split('/', 2)).Where(p => p.Length == 1 || p[0] == vsNamespace || p[0] == "*").Select(p => p[^1]),
    ];

    /// <summary>name.go, Name.SubsetOf: every name <paramref name="name"/> matches, <paramref name="other"/> matches too.</summary>
    public static bool SubsetOf(string name, string other)
    {
        var nWild = name.StartsWith('*');
        var oWild = other.StartsWith('*');
        if (nWild)
        {
            return oWild && name.Length >= other.Length && name[1..].EndsWith(other[1..], StringComparison.Ordinal);
        }

        return oWild ? name.EndsWith(other[1..], StringComparison.Ordinal) : name == other;
    }

    /// <summary>
    /// names.go, Names.Intersection: the more specific of each matching pair, once, in the order found.
    /// The gateway builds one virtual host per host in the intersection of a server's hosts and a
    /// VirtualService's hosts (pilot/pkg/networking/core/gateway.go, buildGatewayHTTPRouteConfig).
    /// </summary>
    public static ImmutableArray<string> Intersection(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var result = new List<string>();
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                var pick = SubsetOf(x, y) ? x : SubsetOf(y, x) ? y : null;
                if (pick is not null && !result.Contains(pick))
                {
                    result.Add(pick);
                }
            }
        }

        return [.. result];
    }

    /// <summary>
    /// The domain of the virtual host Envoy picks for a Host (its port stripped, compared without case):
    /// an exact domain first, then the longest <c>*.suffix</c> wildcard, then <c>*</c> (Envoy's
    /// RouteConfiguration virtual host lookup; Istio writes no prefix wildcards for gateways). Null: no virtual host, 404 NR.
    /// </summary>
    public static string? VirtualHost(IEnumerable<string> domains, string authority)
    {
        var hostName = StripPort(authority).ToLowerInvariant();
        var list = domains.ToList();
        return list.FirstOrDefault(d => d == hostName)
            ?? list.Where(d => d.Length > 1 && d.StartsWith('*') && hostName.EndsWith(d[1..], StringComparison.Ordinal) && hostName.Length > d.Length - 1)
                .OrderByDescending(d => d.Length).FirstOrDefault()
            ?? list.FirstOrDefault(d => d == "*");
    }

    /// <summary>
    /// The host part of an authority as Envoy's virtual host lookup takes it with ignore_port_in_host_matching
    /// (which Istio sets on gateway routes: pilot/pkg/networking/core/gateway.go, 1.30.3 and 1.31.0-rc.0):
    /// everything before the last <c>:</c> unless a <c>]</c> comes after it (a bare IPv6 literal keeps its
    /// brackets), whatever follows the colon: <c>h:80</c> and <c>h:abc</c> are <c>h</c>, <c>:443</c> is empty.
    /// Envoy source/common/router/config_impl.cc RouteMatcher::findVirtualHost, which cuts at
    /// source/common/http/header_utility.cc HeaderUtility::getPortStart without the port check stripPortFromHost makes.
    /// </summary>
    public static string StripPort(string authority)
    {
        var colon = authority.LastIndexOf(':');
        return colon >= 0 && authority.LastIndexOf(']') < colon ? authority[..colon] : authority;
    }
}
