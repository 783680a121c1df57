using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Summary;

namespace MeshInfra.Cli.Commands;

/// <summary><c>meshinfra plan</c>: the plan summary for review.</summary>
public static class PlanCommand
{
    public static int Run(string path, TextWriter stdout, TextWriter stderr)
    {
        var stack = StackLoader.Load(path);
        StackLoader.WriteWarnings(stack, stderr);
        stdout.Write(PlanSummary.Write(stack));
        return ExitCodes.Ok;
    }
}
