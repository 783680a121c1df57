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
    ImmutableArray<VerifyProblem> Problems)
{
    public bool Passed => Problems.IsEmpty;

    /// <summary>Why no request was derived for the case (a regex without a simple sample value), or null when it was.</summary>
    public VerifyProblem? NotExercised { get; init; }

    /// <summary>False for a case no request was derived for: listed, so the table says what was not checked.</summary>
    public bool Exercised => NotExercised is null;

    /// <summary>What holds but is likely not meant (a cluster without a route mixing a service's versions): reported, failing only under --strict.</summary>
    public ImmutableArray<VerifyProblem> Warnings { get; init; } = [];

    /// <summary>The case as the table and JSON name it: its label, and why it was not exercised where it was not.</summary>
    public string Label => NotExercised is null ? Case : $"{Case} (not exercised: {NotExercised.Text})";
}
