using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// MeshInfra's CoreDNS server block as the model reads it: its zone, its templates in order, its
/// <c>hosts</c> entries (the layout MeshInfra wrote before templates, still found in live clusters),
/// the names it holds with IPv6 addresses only, whether <c>hosts</c> falls through, and whether a <c>forward</c> follows.
/// </summary>
internal sealed record CorednsBlock(
    string Zone,
    ImmutableArray<DnsTemplate> Templates,
    IReadOnlyDictionary<string, string> HostsEntries,
    bool HasHosts,
    bool HostsFallthrough,
    bool Forwards)
{
    /// <summary>The hosts names that have only IPv6 addresses: an A query for one gets NOERROR with no records.</summary>
    public IReadOnlySet<string> HostsIPv6Names { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
