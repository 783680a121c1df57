using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>One <c>to.operation</c> of an AuthorizationPolicy rule: the requests it names (all given fields must hold).</summary>
public sealed record AuthzOperation(ImmutableArray<string> Paths, ImmutableArray<string> NotPaths, ImmutableArray<string> Methods, ImmutableArray<string> NotMethods, ImmutableArray<string> Ports, ImmutableArray<string> NotPorts);
