using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// One rule of an AuthorizationPolicy: it matches when some source (or none is given) and some operation
/// (or none is given) hold. <see cref="Unmodelled"/> names the fields the model does not evaluate
/// (<c>when</c>, <c>ipBlocks</c>, <c>requestPrincipals</c>, <c>hosts</c>, ...): the model takes them as holding and says so.
/// </summary>
public sealed record AuthzRule(ImmutableArray<AuthzSource> From, ImmutableArray<AuthzOperation> To, ImmutableArray<string> Unmodelled);
