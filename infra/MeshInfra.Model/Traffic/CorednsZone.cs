using System.Text.RegularExpressions;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// How CoreDNS answers an A query in MeshInfra's zone, plugin by plugin in plugin.cfg's order
/// (template, then hosts, then forward; coredns plugin.cfg at v1.11.3 and v1.12.1):
/// <list type="bullet">
/// <item>template (plugin/template/template.go, Handler.ServeDNS and template.match): templates in
/// order; one for another query type is skipped; one whose regexes miss the name passes on under
/// <c>fallthrough</c> and answers SERVFAIL without; the first that matches answers with its records and rcode.</item>
/// <item>hosts (plugin/hosts/hosts.go, Hosts.ServeDNS): a listed name gets its address, one listed with IPv6
/// addresses only gets NOERROR without records (otherRecordsExist); another goes to
/// the next plugin under <c>fallthrough</c>, and gets SERVFAIL without.</item>
/// <item>forward sends it upstream; with no plugin left, CoreDNS answers SERVFAIL (plugin/plugin.go, NextOrFailure).</item>
/// </list>
/// </summary>
internal static partial class CorednsZone
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    public static DnsAnswer Answer(ClusterView cluster, CorednsBlock block, string name)
    {
        var source = new ObjectRef(cluster.Name, "ConfigMap", Planning.PlannedDnsChange.ConfigMapNamespace, cluster.CorednsConfigMap);
        var fqdn = name + ".";
        foreach (var template in block.Templates)
        {
            if (template.QueryType is not ("A" or "ANY"))
            {
                continue;
            }

            if (!(template.Regexes.IsEmpty || template.Regexes.Any(r => Matches(r, fqdn))))
            {
                if (template.Fallthrough)
                {
                    continue;
                }

                return new DnsAnswer(null, "CoreDNS", $"{name} matches no regex of a template without fallthrough: SERVFAIL", source);
            }

            return template switch
            {
                { AnswerAddress: { } address } => new DnsAnswer(address, "CoreDNS (MeshInfra's block)", $"{name} -> {address}", source),
                { Rcode: "NXDOMAIN" } => new DnsAnswer(null, "CoreDNS", $"{name} is not a mesh name: NXDOMAIN from MeshInfra's '{block.Zone}' block, never forwarded", source),
                { Rcode: "NOERROR" } => new DnsAnswer(null, "CoreDNS", $"{name} has no A record in MeshInfra's '{block.Zone}' block (NOERROR, no answer)", source),
                _ => new DnsAnswer(null, "CoreDNS", $"{name}: {template.Rcode} from a template of MeshInfra's '{block.Zone}' block", source),
            };
        }

        if (block.HasHosts)
        {
            if (block.HostsEntries.TryGetValue(name, out var listed))
            {
                return new DnsAnswer(listed, "CoreDNS (MeshInfra's hosts block)", $"{name} -> {listed}", source);
            }

            if (block.HostsIPv6Names.Contains(name))
            {
                return new DnsAnswer(null, "CoreDNS", $"{name} has only IPv6 addresses in MeshInfra's hosts block (NOERROR, no A record)", source);
            }

            if (!block.HostsFallthrough)
            {
                return new DnsAnswer(null, "CoreDNS", $"{name} is not in the hosts block, which has no fallthrough: SERVFAIL", source);
            }
        }

        return block.Forwards
            ? new DnsAnswer(null, "CoreDNS", $"{name} is not a mesh name: forwarded upstream, where the public '{block.Zone}' zone may answer it", source)
            : new DnsAnswer(null, "CoreDNS", $"{name} is not answered by MeshInfra's block and no plugin follows: SERVFAIL", source);
    }

    /// <summary>
    /// Go's named group <c>(?P&lt;name&gt;re)</c> (regexp/syntax, as the template plugin's README writes them) in .NET's
    /// spelling <c>(?&lt;name&gt;re)</c>; a <c>(</c> escaped by a backslash is a literal and stays.
    /// </summary>
    private static string DotNetGroupSyntax(string pattern) => GoNamedGroup().Replace(pattern, "$1(?<");

    [GeneratedRegex(@"((?:^|[^\\])(?:\\\\)*)\(\?P<", RegexOptions.CultureInvariant)]
    private static partial Regex GoNamedGroup();

    /// <summary>A template regex on the fully qualified, lower-cased name. Go's RE2 and .NET agree on the exact-name patterns MeshInfra writes (anchors, literals, [.]); one that does not parse matches nothing (CoreDNS would refuse to load it).</summary>
    private static bool Matches(string pattern, string fqdn)
    {
        try
        {
            return Regex.IsMatch(fqdn, DotNetGroupSyntax(pattern), RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
