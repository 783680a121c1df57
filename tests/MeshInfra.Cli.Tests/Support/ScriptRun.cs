namespace MeshInfra.Cli.Tests.Support;

/// <summary>A rendered script's run against recording stand-ins: its exit code, stderr, and each kubectl or helm call.</summary>
internal sealed record ScriptRun(int ExitCode, string Stderr, List<string> Calls);
