namespace MeshInfra.Model.Config;

/// <summary>One problem in the stack config: the full key path and what to do about it.</summary>
public sealed record ConfigError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
