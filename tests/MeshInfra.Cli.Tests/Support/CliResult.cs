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

    /// <summary>
    /// The warning for an east-west gateway on a NodePort the stack does not pin (issue 19 item 7). The prod
    /// stack keeps its NodePort deferred (the --set tests use it); NodePortWarningTests and ValidateTests
    /// check the warning itself, and other tests look past it.
    /// </summary>
    public const string UnpinnedNodePortWarning = ".gateway.nodePort: not set: ";

    /// <summary>Stderr's lines, without the public-domain and unpinned-NodePort warnings.</summary>
    public IReadOnlyList<string> ErrorLines => [.. AllErrorLines.Where(l => !l.Contains(PublicDomainWarning, StringComparison.Ordinal) && !l.Contains(UnpinnedNodePortWarning, StringComparison.Ordinal))];

    /// <summary>Every line of stderr.</summary>
    public IReadOnlyList<string> AllErrorLines => [.. Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Stderr without the public-domain and unpinned-NodePort warnings.</summary>
    public string OtherStderr => string.Concat(ErrorLines.Select(l => l + "\n"));

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
