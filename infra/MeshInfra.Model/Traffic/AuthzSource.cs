using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>One <c>from.source</c> of an AuthorizationPolicy rule: the peer identities it names (all given fields must hold).</summary>
public sealed record AuthzSource(ImmutableArray<string> Principals, ImmutableArray<string> NotPrincipals, ImmutableArray<string> Namespaces, ImmutableArray<string> NotNamespaces);
