using System.Collections.Immutable;
using System.Globalization;
using MeshInfra.Model.Dns;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// Reads MeshInfra's server block (alone, or inside a whole Corefile between its markers) with the
/// Corefile lexer CoreDNS's own parser mirrors, into what name resolution needs.
/// </summary>
internal static class CorednsBlockReader
{
    private const int DnsPort = 53;

    public static CorednsBlock? Read(string? serverBlock)
    {
        if (string.IsNullOrWhiteSpace(serverBlock))
        {
            return null;
        }

        // A whole Corefile (a live ConfigMap) holds MeshInfra's block between its markers.
        var begin = serverBlock.IndexOf("# BEGIN meshinfra", StringComparison.Ordinal);
        var end = serverBlock.IndexOf("# END meshinfra", StringComparison.Ordinal);
        if (begin >= 0 && end > begin)
        {
            serverBlock = serverBlock[begin..end];
        }

        ImmutableArray<CorefileToken> tokens;
        try
        {
            tokens = CorefileLexer.Tokenize(serverBlock);
        }
        catch (CorefileSyntaxException)
        {
            return null;
        }

        var words = tokens.Where(t => t.Kind == CorefileTokenKind.Word).ToList();
        // No brace, or a brace with no key before it (caddyfile/parse.go addresses: '{' ends the keys), serves no zone.
        var open = words.FindIndex(t => t.IsOpenBrace && t.Depth == 0);
        if (ServedZone(words.Take(open)) is not { } zone)
        {
            return null;
        }

        var templates = ImmutableArray.CreateBuilder<DnsTemplate>();
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var ipv6Names = new HashSet<string>(StringComparer.Ordinal);
        bool hasHosts = false, hostsFallthrough = false, forwards = false;
        foreach (var (directive, body) in Directives(words.Skip(open + 1).TakeWhile(t => !(t.IsCloseBrace && t.Depth == 0)).ToList()))
        {
            switch (directive[0])
            {
                case "template":
                    templates.Add(Template(directive, body));
                    break;
                case "hosts":
                    hasHosts = true;
                    foreach (var line in body)
                    {
                        if (line[0] == "fallthrough")
                        {
                            hostsFallthrough = true;
                        }
                        else if (line.Count >= 2 && HostsAddress(line[0]) is var (ipv4, isAddress) && isAddress)
                        {
                            foreach (var host in line.Skip(1))
                            {
                                if (ipv4 is not null)
                                {
                                    entries.TryAdd(HostsName(host), ipv4);
                                }
                                else
                                {
                                    // An A query for such a name gets NOERROR without records, not fallthrough (hosts.go, otherRecordsExist).
                                    ipv6Names.Add(HostsName(host));
                                }
                            }
                        }
                    }

                    break;
                // Not "proxy": that plugin left CoreDNS in 1.6 (no entry in plugin.cfg at v1.11.3 or v1.12.1), so
                // nothing follows a template that a block naming it passes over.
                case "forward":
                    forwards = true;
                    break;
            }
        }

        return new CorednsBlock(zone, templates.ToImmutable(), entries, hasHosts, hostsFallthrough, forwards) { HostsIPv6Names = ipv6Names };
    }

    /// <summary>
    /// The zone of the first server key that answers pods' lookups, without its trailing dot; null when none does. CoreDNS
    /// reads a key (core/dnsserver/register.go InspectServerBlocks, v1.11.3 and v1.12.1) as transport (parse.Transport:
    /// <c>dns://</c> or none is plain DNS; tls://, grpc:// and the rest listen elsewhere), then host and port
    /// (plugin.SplitHostPort: a number after the last colon, 53 when absent). Pods ask kube-dns on port 53. The zone keeps
    /// the key's case while server.go ServeDNS looks the lower-cased query name up, so a key with a capital serves no name.
    /// </summary>
    private static string? ServedZone(IEnumerable<CorefileToken> keys)
    {
        // caddyfile/parse.go addresses: keys are separated by blanks or by a trailing comma.
        foreach (var key in keys.SelectMany(k => k.Text.Split(',', StringSplitOptions.RemoveEmptyEntries)))
        {
            var host = key;
            var scheme = host.IndexOf("://", StringComparison.Ordinal);
            if (scheme >= 0)
            {
                if (host[..scheme] != "dns")
                {
                    continue;
                }

                host = host[(scheme + 3)..];
            }

            var colon = host.LastIndexOf(':');
            if (colon >= 0 && int.TryParse(host[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                if (port != DnsPort)
                {
                    continue;
                }

                host = host[..colon];
            }

            if (!host.Any(char.IsUpper))
            {
                return host.TrimEnd('.');
            }
        }

        return null;
    }

    /// <summary>A hosts name as CoreDNS keys it (hostsfile.go parse, plugin.Name.Normalize): lower case; the trailing dot is the model's to drop.</summary>
    private static string HostsName(string host) => host.TrimEnd('.').ToLowerInvariant();

    /// <summary>
    /// A hosts line's address as the hosts plugin reads it (hostsfile.go parseIP and parse, v1.11.3 and v1.12.1): the
    /// zone after the first '%' dropped, then net.ParseIP; an address whose To4 is not nil (IPv4, or IPv6 mapping one)
    /// answers A queries with its IPv4 form, any other is IPv6. Go's ParseIP reads only hex digits, colons and a
    /// dotted tail, so brackets or a prefix length make no address, though .NET's parser takes some of them.
    /// </summary>
    private static (string? IPv4, bool IsAddress) HostsAddress(string text)
    {
        var bare = text.Split('%', 2)[0];
        if (DnsSyntax.IsIPv4(bare))
        {
            return (bare, true);
        }

        if (!bare.Contains(':', StringComparison.Ordinal) || !bare.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
            || !System.Net.IPAddress.TryParse(bare, out var parsed))
        {
            return (null, false);
        }

        return parsed.IsIPv4MappedToIPv6 ? (parsed.MapToIPv4().ToString(), true) : (null, true);
    }

    private static DnsTemplate Template(List<string> directive, List<List<string>> body)
    {
        var queryType = directive.Count > 2 ? directive[2].ToUpperInvariant() : "";
        var regexes = ImmutableArray.CreateBuilder<string>();
        string? address = null;
        var rcode = "NOERROR";
        var fallthrough = false;
        foreach (var line in body)
        {
            switch (line[0])
            {
                case "match":
                    regexes.AddRange(line.Skip(1));
                    break;
                case "answer":
                    // "<name>. <ttl> IN A <address>": the one shape MeshInfra writes.
                    var record = line.Skip(1).FirstOrDefault()?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
                    if (address is null && record.Length == 5 && record[3] == "A" && DnsSyntax.IsIPv4(record[4]))
                    {
                        address = record[4];
                    }

                    break;
                case "rcode" when line.Count > 1:
                    rcode = line[1].ToUpperInvariant();
                    break;
                case "fallthrough":
                    fallthrough = true;
                    break;
            }
        }

        return new DnsTemplate(queryType, regexes.ToImmutable(), address, rcode, fallthrough);
    }

    /// <summary>The directives of a server block, one per line, each with the lines of its own block.</summary>
    private static IEnumerable<(List<string> Directive, List<List<string>> Body)> Directives(List<CorefileToken> inside)
    {
        var i = 0;
        while (i < inside.Count)
        {
            var line = inside[i].Line;
            var directive = new List<string>();
            while (i < inside.Count && inside[i].Line == line && !inside[i].IsOpenBrace)
            {
                directive.Add(inside[i++].Text);
            }

            var body = new List<List<string>>();
            if (i < inside.Count && inside[i].IsOpenBrace)
            {
                var depth = inside[i++].Depth;
                while (i < inside.Count && !(inside[i].IsCloseBrace && inside[i].Depth == depth))
                {
                    var bodyLine = inside[i].Line;
                    var words = new List<string>();
                    while (i < inside.Count && inside[i].Line == bodyLine && !(inside[i].IsCloseBrace && inside[i].Depth == depth))
                    {
                        words.Add(inside[i++].Text);
                    }

                    body.Add(words);
                }

                i++;
            }

            if (directive.Count > 0)
            {
                yield return (directive, body);
            }
        }
    }
}
