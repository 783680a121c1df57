namespace MeshInfra.Model.Traffic;

/// <summary>
/// One thing verify says about a case: its kind (what tools and tests check), its words (from
/// <see cref="VerifyMessages"/>, free to change), and for <see cref="VerifyProblemKind.HopFails"/> the failing
/// hop's own kind.
/// </summary>
public sealed record VerifyProblem(VerifyProblemKind Kind, string Text)
{
    public FailureKind? Failure { get; init; }

    /// <summary>The name the table prints: the hop's kind where a hop fails, else the problem's.</summary>
    public string KindName => Failure?.ToString() ?? Kind.ToString();

    public override string ToString() => Text;
}
