namespace MeshInfra.Cli;

/// <summary>The CLI's exit codes; scripts and CI branch on them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A bug in MeshInfra, not in the input: worth an issue with the --verbose output.</summary>
    public const int InternalError = 1;

    /// <summary>Bad input: config, stack file, command line. The message says what to fix.</summary>
    public const int BadInput = 2;
}
