namespace MeshInfra.Model.Traffic;

/// <summary>A failure's kind with its text for people, as <see cref="FailureMessages"/> writes it.</summary>
public sealed record FailureReason(FailureKind Kind, string Text)
{
    public override string ToString() => Text;
}
