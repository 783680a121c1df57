using System.Collections.Immutable;

namespace MeshInfra.Model.Dns;

/// <summary>
/// Everything MeshInfra serves from CoreDNS for one mesh: the zone (<c>mesh.globalDomain</c>) and the
/// hostnames inside it. Validation happens in <see cref="CorefileEditor"/>, where every use passes through,
/// because a positional record's <c>with</c> expressions would bypass a constructor check.
/// </summary>
public sealed record MeshDnsBlock(string GlobalDomain, ImmutableArray<HostsEntry> Entries);
