namespace MeshInfra.Envtest;

/// <summary>What one kubectl run printed and how it ended.</summary>
public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>This result, or an exception holding kubectl's own words when it failed.</summary>
    public KubectlResult EnsureSuccess(string what) => ExitCode == 0
        ? this
        : throw new InvalidOperationException($"kubectl {what} failed (exit {ExitCode}): {Stderr.Trim()}");
}
