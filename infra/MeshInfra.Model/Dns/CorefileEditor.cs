using System.Collections.Immutable;
using System.Text;

namespace MeshInfra.Model.Dns;

/// <summary>
/// Adds, updates and removes the mesh's <c>&lt;globalDomain&gt;:53</c> server block in a CoreDNS Corefile
/// without disturbing anything else in it, so clusters whose CoreDNS config is owned by someone else
/// (kubeadm upgrades, platform teams) can be edited and later restored exactly.
/// </summary>
public static class CorefileEditor
{
    private const string Indent = "    ";
    private const string CustomKeyPrefix = "meshinfra-";
    private const string CustomKeySuffix = ".server";

    // Kubernetes' limit for ConfigMap data keys.
    private const int MaxConfigMapKeyLength = 253;

    /// <summary>
    /// Inserts MeshInfra's marked server block at the end of the Corefile, or replaces the one it inserted
    /// before in place. Everything outside the markers is kept byte for byte.
    /// </summary>
    /// <exception cref="CorefileConflictException">Another block already serves the zone on port 53.</exception>
    /// <exception cref="CorefileSyntaxException">Braces, quotes or MeshInfra's markers are unbalanced.</exception>
    public static string Apply(string corefile, MeshDnsBlock block)
    {
        ArgumentNullException.ThrowIfNull(corefile);
        var (domain, entries) = Validate(block);

        var tokens = CorefileLexer.Tokenize(corefile);
        var existing = MeshMarkers.Find(corefile, tokens, domain);
        if (ServerBlockKeys.FindServing(tokens, domain, existing) is var (key, line))
        {
            var zone = $"{domain}:53";
            throw new CorefileConflictException(
                zone,
                line,
                $"The Corefile already serves '{zone}' outside MeshInfra's markers (server block '{key}' at line {line}); " +
                "remove that block or choose another mesh.globalDomain.");
        }

        var marked = MeshMarkers.Begin(domain) + "\n" + Render(domain, entries) + MeshMarkers.End(domain);
        if (existing is { } span)
        {
            return string.Concat(corefile.AsSpan(0, span.Start), marked, corefile.AsSpan(span.End));
        }

        // The file's final-newline state moves to after our block: a file without one gets a separating
        // newline before the block and none after it, which is what lets Remove restore it exactly.
        return corefile.Length == 0 || corefile.EndsWith('\n')
            ? corefile + marked + "\n"
            : corefile + "\n" + marked;
    }

    /// <summary>
    /// Removes MeshInfra's marked block for <paramref name="globalDomain"/>, undoing <see cref="Apply"/> byte for
    /// byte. A Corefile without that block, including one serving the zone from a foreign block, is returned unchanged.
    /// </summary>
    /// <exception cref="CorefileSyntaxException">Braces, quotes or MeshInfra's markers are unbalanced.</exception>
    public static string Remove(string corefile, string globalDomain)
    {
        ArgumentNullException.ThrowIfNull(corefile);
        var domain = ValidateDomain(globalDomain, nameof(globalDomain));

        var tokens = CorefileLexer.Tokenize(corefile);
        if (MeshMarkers.Find(corefile, tokens, domain) is not { } span)
        {
            return corefile;
        }

        if (span.End < corefile.Length)
        {
            var terminator = corefile[span.End] == '\r' && span.End + 1 < corefile.Length && corefile[span.End + 1] == '\n' ? 2 : 1;
            return string.Concat(corefile.AsSpan(0, span.Start), corefile.AsSpan(span.End + terminator));
        }

        // At the very end, Apply added exactly one '\n' in front of the block (the file had no final newline).
        var start = span.Start > 0 && corefile[span.Start - 1] == '\n' ? span.Start - 1 : span.Start;
        return corefile[..start];
    }

    /// <summary>
    /// The server block alone, without markers and ending in a newline: the value for a <c>coredns-custom</c>
    /// key, which k3s and AKS load as a whole server block through <c>import custom/*.server</c>.
    /// </summary>
    public static string RenderServerBlock(MeshDnsBlock block)
    {
        var (domain, entries) = Validate(block);
        return Render(domain, entries);
    }

    /// <summary>
    /// The <c>coredns-custom</c> data key, e.g. <c>meshinfra-global.server</c>. The <c>.server</c> suffix is what
    /// k3s and AKS import as a server block (AKS rejects any other suffix); the prefix keeps it apart from
    /// keys the cluster's owners add.
    /// </summary>
    public static string CustomServerKey(string globalDomain)
    {
        var key = CustomKeyPrefix + ValidateDomain(globalDomain, nameof(globalDomain)) + CustomKeySuffix;
        if (key.Length > MaxConfigMapKeyLength)
        {
            throw new ArgumentException(
                $"The coredns-custom key '{key}' is longer than Kubernetes' {MaxConfigMapKeyLength}-character limit; choose a shorter mesh.globalDomain.",
                nameof(globalDomain));
        }

        return key;
    }

    /// <summary>
    /// The zone's server block. Every name it holds is answered by a <c>template</c> of its own, and every
    /// other name in the zone gets NXDOMAIN from the block itself: nothing is ever forwarded, since the
    /// default domain, <c>global</c>, is a real public top-level domain where a mistyped or removed mesh
    /// name could resolve to an address on the internet.
    /// Why templates and not <c>hosts</c>: a <c>hosts</c> plugin without <c>fallthrough</c> answers a name it
    /// does not hold with SERVFAIL ("we don't have a SOA"), and with <c>fallthrough</c> hands it to the next
    /// plugin (coredns plugin/hosts/hosts.go, Hosts.ServeDNS, v1.11.3 as kubeadm 1.32 ships and v1.12.1);
    /// and plugins run in plugin.cfg's order, template before hosts, whatever the Corefile says, so an
    /// NXDOMAIN template would shadow a hosts block. Within one server block the templates are tried in
    /// order: one whose type or regex does not match passes to the next under <c>fallthrough</c>, and
    /// the first match answers with its records and rcode (plugin/template/template.go, Handler.ServeDNS
    /// and template.match, same tags). So: an A template per name, then NODATA (NOERROR, no answer, the
    /// zone's SOA) for the other types of a held name, then NXDOMAIN with the SOA for the rest. Names are
    /// matched lower-cased and fully qualified (request.Request.Name).
    /// </summary>
    private static string Render(string domain, ImmutableArray<HostsEntry> entries)
    {
        var soa = $"\"{domain}. {TtlSeconds} IN SOA ns.{domain}. hostmaster.{domain}. 1 7200 1800 86400 {TtlSeconds}\"";
        var text = new StringBuilder();
        text.Append(domain).Append(":53 {\n");
        text.Append(Indent).Append("errors\n");
        text.Append(Indent).Append("cache 30\n");
        foreach (var entry in entries)
        {
            text.Append(Indent).Append("template IN A {\n");
            text.Append(Indent).Append(Indent).Append("match ").Append(NameRegex(entry.Hostname)).Append('\n');
            text.Append(Indent).Append(Indent).Append("answer \"").Append(entry.Hostname).Append(". ").Append(TtlSeconds).Append(" IN A ").Append(entry.Address).Append("\"\n");
            text.Append(Indent).Append(Indent).Append("fallthrough\n");
            text.Append(Indent).Append("}\n");
        }

        text.Append(Indent).Append("template ANY ANY {\n");
        text.Append(Indent).Append(Indent).Append("match ").Append(string.Join(' ', entries.Select(e => NameRegex(e.Hostname)).Prepend(NameRegex(domain)))).Append('\n');
        text.Append(Indent).Append(Indent).Append("authority ").Append(soa).Append('\n');
        text.Append(Indent).Append(Indent).Append("fallthrough\n");
        text.Append(Indent).Append("}\n");
        text.Append(Indent).Append("template ANY ANY {\n");
        text.Append(Indent).Append(Indent).Append("rcode NXDOMAIN\n");
        text.Append(Indent).Append(Indent).Append("authority ").Append(soa).Append('\n');
        text.Append(Indent).Append("}\n");
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>The TTL of answers and of the SOA's negative caching: short, so a moved address or a new service shows within the CoreDNS cache time.</summary>
    private const int TtlSeconds = 30;

    /// <summary>
    /// An exact, fully qualified name as a Go regexp. The name is a validated DNS name, so dots are its
    /// only metacharacters; they are written <c>[.]</c>, as CoreDNS's template examples do, so no
    /// backslash meets the Corefile lexer's escaping.
    /// </summary>
    private static string NameRegex(string name) => "^" + name.Replace(".", "[.]", StringComparison.Ordinal) + "[.]$";

    /// <summary>Returns the domain and entries lower-cased and sorted, so equal meshes always render the same text.</summary>
    private static (string Domain, ImmutableArray<HostsEntry> Entries) Validate(MeshDnsBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var domain = ValidateDomain(block.GlobalDomain, nameof(block));
        if (block.Entries.IsDefault)
        {
            throw new ArgumentException("MeshDnsBlock.Entries is a default ImmutableArray; pass ImmutableArray<HostsEntry>.Empty for no hosts.", nameof(block));
        }

        var normalized = new List<HostsEntry>(block.Entries.Length);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in block.Entries)
        {
            if (entry is null)
            {
                throw new ArgumentException("MeshDnsBlock.Entries contains a null entry.", nameof(block));
            }

            if (!DnsSyntax.IsIPv4(entry.Address))
            {
                throw new ArgumentException(
                    $"Hosts entry address '{entry.Address}' for '{entry.Hostname}' is not a dotted-quad IPv4 address.", nameof(block));
            }

            if (!DnsSyntax.IsDnsName(entry.Hostname))
            {
                throw new ArgumentException($"Hosts entry hostname '{entry.Hostname}' is not a DNS name.", nameof(block));
            }

            var hostname = entry.Hostname.ToLowerInvariant();

            // CoreDNS routes a query to the server block of the closest enclosing zone, so a name outside the
            // mesh domain would never be answered from this block.
            if (!DnsSyntax.IsInZone(hostname, domain))
            {
                throw new ArgumentException(
                    $"Hosts entry hostname '{entry.Hostname}' is outside the mesh domain '{domain}'; this block only answers names in that zone.",
                    nameof(block));
            }

            // The hosts plugin would answer with every listed address; each mesh service has exactly one, so a
            // repeat means the plan assigned two.
            if (!seen.Add(hostname))
            {
                throw new ArgumentException($"Hosts entry hostname '{hostname}' appears more than once.", nameof(block));
            }

            normalized.Add(new HostsEntry(entry.Address, hostname));
        }

        normalized.Sort((a, b) => string.CompareOrdinal(a.Hostname, b.Hostname));
        return (domain, normalized.ToImmutableArray());
    }

    // Lower-cased because DNS names are case-insensitive and the domain is part of the markers and the key:
    // one spelling per domain is what lets Apply and Remove find the same block.
    private static string ValidateDomain(string? domain, string paramName)
    {
        if (!DnsSyntax.IsDnsName(domain))
        {
            throw new ArgumentException(
                $"Mesh domain '{domain}' is not a DNS name (dot-separated labels of letters, digits and inner hyphens, no trailing dot).",
                paramName);
        }

        return domain!.ToLowerInvariant();
    }
}
