using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>What <see cref="ConnectRetries"/> finds: the share of requests each endpoint answers (0 for dead ones), and the share that fails after every attempt.</summary>
public sealed record RetryOutcome(ImmutableArray<double> Answered, double Failed);
