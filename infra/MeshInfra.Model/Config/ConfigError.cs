namespace MeshInfra.Model.Config;

/// <summary>One problem in the stack config: the full key path and what to do about it.</summary>
public sealed record ConfigError(string Path, string Message)
{
    /// <summary>The problem is the key itself (unknown, misspelt), not its value: a position points at the key.</summary>
    public bool AtKey { get; init; }

    public override string ToString() => $"{Path}: {Message}";
}
