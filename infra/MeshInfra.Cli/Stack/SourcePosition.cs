namespace MeshInfra.Cli.Stack;

/// <summary>A 1-based line and column in a stack file, so an error points where the editor should go.</summary>
public sealed record SourcePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
