namespace MeshInfra.Cli.Tests.Support;

/// <summary>What one in-process run of the CLI produced.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>
    /// The warning every command prints for a stack on the default domain 'global', a public top-level
    /// domain (issue 19). The repository's stacks keep that default; ValidateTests checks the warning
    /// itself, and other tests look past that one line.
    /// </summary>
    public const string PublicDomainWarning = ": warning: mesh.globalDomain: ";

    /// <summary>Stderr's lines, without the public-domain warning.</summary>
    public IReadOnlyList<string> ErrorLines => [.. Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains(PublicDomainWarning, StringComparison.Ordinal))];

    /// <summary>Stderr without the public-domain warning.</summary>
    public string OtherStderr => string.Concat(ErrorLines.Select(l => l + "\n"));

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
