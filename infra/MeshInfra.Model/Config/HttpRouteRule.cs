using System.Collections.Immutable;

namespace MeshInfra.Model.Config;

/// <summary>One ordered HTTP rule: all header matches must hold; then traffic splits over the targets.</summary>
public sealed record HttpRouteRule(ImmutableArray<HeaderMatch> Headers, ImmutableArray<WeightedVersion> Targets);
