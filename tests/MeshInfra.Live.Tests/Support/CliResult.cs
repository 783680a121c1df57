namespace MeshInfra.Live.Tests.Support;

/// <summary>What one in-process run of the CLI produced.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
