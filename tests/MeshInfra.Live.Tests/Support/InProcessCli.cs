using MeshInfra.Cli;

namespace MeshInfra.Live.Tests.Support;

/// <summary>Runs <c>meshinfra</c> in-process with captured output, exactly as Program.cs does.</summary>
internal static class InProcessCli
{
    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = MeshInfraCli.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
