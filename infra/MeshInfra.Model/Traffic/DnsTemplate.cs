using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// One <c>template</c> of a CoreDNS server block, as far as an A query needs it: the query type it
/// takes (A or ANY), its regexes (none: every name), the address of its A answer (null: none), its
/// rcode, and whether a name its regexes miss passes to the next template.
/// </summary>
internal sealed record DnsTemplate(string QueryType, ImmutableArray<string> Regexes, string? AnswerAddress, string Rcode, bool Fallthrough);
