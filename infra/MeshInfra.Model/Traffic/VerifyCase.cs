using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// One cell of the verify matrix: a request, what the config asks for it (the share per version of
/// the service, and whether it must stay in the client's own cluster), and what the model found.
/// </summary>
public sealed record VerifyCase(
    TraceRequest Request,
    string Case,
    string Service,
    ImmutableSortedDictionary<string, double> ExpectedVersions,
    bool MustStayLocal,
    TraceResult Result,
    ImmutableArray<string> Problems)
{
    public bool Passed => Problems.IsEmpty;

    /// <summary>False for a route rule no request was derived for (a regex without a simple sample value).</summary>
    public bool Exercised { get; init; } = true;

    /// <summary>What holds but is likely not meant (a cluster without a route mixing a service's versions): reported, failing only under --strict.</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];
}
